/* Stand-in: espressif/esp-idf components/esp_netif/include/esp_netif.h,
 * esp_netif_ip_addr.h (IPSTR, IP2STR) and esp_netif_types.h /
 * esp_wifi_default.h (IP_EVENT, ip_event_got_ip_t,
 * esp_netif_create_default_wifi_sta). */
#ifndef STANDIN_ESP_NETIF_H
#define STANDIN_ESP_NETIF_H
#include <stdint.h>
#include "esp_err.h"
#include "esp_event.h"
typedef struct esp_netif_obj esp_netif_t;
typedef struct { uint32_t addr; } esp_ip4_addr_t;
typedef struct { esp_ip4_addr_t ip, netmask, gw; } esp_netif_ip_info_t;
typedef struct {
  esp_netif_t *esp_netif;
  esp_netif_ip_info_t ip_info;
  int ip_changed;
} ip_event_got_ip_t;
extern const char *IP_EVENT;
typedef enum { IP_EVENT_STA_GOT_IP = 0, IP_EVENT_STA_LOST_IP } ip_event_t;
#define IPSTR "%d.%d.%d.%d"
#define esp_ip4_addr1_16(a) ((uint16_t)((a)->addr & 0xff))
#define esp_ip4_addr2_16(a) ((uint16_t)(((a)->addr >> 8) & 0xff))
#define esp_ip4_addr3_16(a) ((uint16_t)(((a)->addr >> 16) & 0xff))
#define esp_ip4_addr4_16(a) ((uint16_t)(((a)->addr >> 24) & 0xff))
#define IP2STR(ipaddr) esp_ip4_addr1_16(ipaddr), esp_ip4_addr2_16(ipaddr), \
    esp_ip4_addr3_16(ipaddr), esp_ip4_addr4_16(ipaddr)
esp_err_t esp_netif_init(void);
esp_netif_t *esp_netif_create_default_wifi_sta(void);
#endif
