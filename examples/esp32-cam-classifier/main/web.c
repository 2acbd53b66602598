#include "web.h"

#if CONFIG_CAMCLS_HTTP
#include <string.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_netif.h"
#include "esp_wifi.h"
#include "nvs_flash.h"

static const char *TAG = "camcls-web";

static void wifi_event(void *arg, esp_event_base_t base, int32_t id,
                       void *data) {
  (void)arg;
  if (base == WIFI_EVENT &&
      (id == WIFI_EVENT_STA_START || id == WIFI_EVENT_STA_DISCONNECTED)) {
    esp_wifi_connect();
  } else if (base == IP_EVENT && id == IP_EVENT_STA_GOT_IP) {
    const ip_event_got_ip_t *e = data;
    ESP_LOGI(TAG, "status page: http://" IPSTR "/", IP2STR(&e->ip_info.ip));
  }
}

static size_t min_len(const char *s, size_t cap) {
  size_t n = strlen(s);
  return n < cap ? n : cap;
}

void web_start(tc_esp_device *e, tc_device *d) {
  wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
  wifi_config_t wc;
  esp_err_t err;
  err = nvs_flash_init();
  if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
    ESP_ERROR_CHECK(nvs_flash_erase());
    err = nvs_flash_init();
  }
  ESP_ERROR_CHECK(err);
  ESP_ERROR_CHECK(esp_netif_init());
  ESP_ERROR_CHECK(esp_event_loop_create_default());
  esp_netif_create_default_wifi_sta();
  ESP_ERROR_CHECK(esp_wifi_init(&init));
  ESP_ERROR_CHECK(esp_event_handler_instance_register(
      WIFI_EVENT, ESP_EVENT_ANY_ID, &wifi_event, NULL, NULL));
  ESP_ERROR_CHECK(esp_event_handler_instance_register(
      IP_EVENT, IP_EVENT_STA_GOT_IP, &wifi_event, NULL, NULL));
  memset(&wc, 0, sizeof wc);
  /* The fields are fixed-size, not NUL-terminated when full. */
  memcpy(wc.sta.ssid, CONFIG_CAMCLS_WIFI_SSID,
         min_len(CONFIG_CAMCLS_WIFI_SSID, sizeof wc.sta.ssid));
  memcpy(wc.sta.password, CONFIG_CAMCLS_WIFI_PASSWORD,
         min_len(CONFIG_CAMCLS_WIFI_PASSWORD, sizeof wc.sta.password));
  ESP_ERROR_CHECK(esp_wifi_set_mode(WIFI_MODE_STA));
  ESP_ERROR_CHECK(esp_wifi_set_config(WIFI_IF_STA, &wc));
  ESP_ERROR_CHECK(esp_wifi_start());
  err = tc_esp_http_start(e, d, 80);
  if (err != ESP_OK)
    ESP_LOGE(TAG, "HTTP server: 0x%x (stack %u bytes)", (unsigned)err,
             (unsigned)TC_ESP_HTTP_STACK);
}
#else
/* ISO C wants a declaration in every translation unit. */
typedef int web_disabled;
#endif
