/* Stand-in: espressif/esp-idf components/esp_common/include/
 * esp_idf_version.h (ESP_IDF_VERSION_VAL, ESP_IDF_VERSION_MAJOR/MINOR/
 * PATCH, ESP_IDF_VERSION). v5.1 unless a test passes
 * -DESP_IDF_VERSION_MAJOR=4 -DESP_IDF_VERSION_MINOR=4 (Arduino-ESP32 2.x). */
#ifndef STANDIN_ESP_IDF_VERSION_H
#define STANDIN_ESP_IDF_VERSION_H
#ifndef ESP_IDF_VERSION_MAJOR
#define ESP_IDF_VERSION_MAJOR 5
#define ESP_IDF_VERSION_MINOR 1
#endif
#ifndef ESP_IDF_VERSION_PATCH
#define ESP_IDF_VERSION_PATCH 0
#endif
#define ESP_IDF_VERSION_VAL(major, minor, patch) \
  ((major << 16) | (minor << 8) | (patch))
#define ESP_IDF_VERSION                                       \
  ESP_IDF_VERSION_VAL(ESP_IDF_VERSION_MAJOR, ESP_IDF_VERSION_MINOR, \
                      ESP_IDF_VERSION_PATCH)
#endif
