/* Stand-in for the sdkconfig.h ESP-IDF generates from the Kconfig tree:
 * defaults of examples/esp32-cam-classifier (AI-Thinker, status page on);
 * tests pass -DCONFIG_...=... to build other variants. */
#ifndef STANDIN_SDKCONFIG_H
#define STANDIN_SDKCONFIG_H
#if !defined(CONFIG_CAMCLS_BOARD_ESP32S3_EYE) && !defined(CONFIG_CAMCLS_BOARD_XIAO_ESP32S3)
#define CONFIG_CAMCLS_BOARD_AI_THINKER 1
#endif
#ifndef CONFIG_CAMCLS_LED_GPIO
#define CONFIG_CAMCLS_LED_GPIO 33
#define CONFIG_CAMCLS_LED_ACTIVE_LOW 1
#endif
#ifndef CONFIG_CAMCLS_XCLK_HZ
#define CONFIG_CAMCLS_XCLK_HZ 20000000
#endif
#ifndef CONFIG_CAMCLS_HTTP
#define CONFIG_CAMCLS_HTTP 1
#endif
#ifndef CONFIG_CAMCLS_ARENA_KB
#define CONFIG_CAMCLS_ARENA_KB 0
#endif
#ifndef CONFIG_CAMCLS_MODEL_MAX_KB
#define CONFIG_CAMCLS_MODEL_MAX_KB 0
#endif
#ifndef CONFIG_CAMCLS_MODEL_TOKEN
#define CONFIG_CAMCLS_MODEL_TOKEN ""
#endif
#define CONFIG_CAMCLS_WIFI_SSID "myssid"
#define CONFIG_CAMCLS_WIFI_PASSWORD "mypassword"
#ifndef CONFIG_SPIRAM
#define CONFIG_SPIRAM 1
#endif
#if !defined(CONFIG_TINYCNN_ARENA_PSRAM)
#define CONFIG_TINYCNN_ARENA_INTERNAL 1
#endif
#define CONFIG_TINYCNN_USE_MODEL_THRESHOLD 1
#define CONFIG_TINYCNN_HYSTERESIS_PERMILLE 50
#define CONFIG_TINYCNN_FRAMES 3
#define CONFIG_TINYCNN_CAMERA_RETRIES 5
#endif
