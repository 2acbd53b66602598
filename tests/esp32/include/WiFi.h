/* Stand-in: espressif/arduino-esp32 libraries/WiFi/src/WiFi.h and what the
 * sketch uses of it: WiFiType.h (wl_status_t, WL_CONNECTED = 3),
 * WiFiSTA.h (WiFiSTAClass::begin(const char *ssid, const char *passphrase
 * = NULL, int32_t channel = 0, const uint8_t *bssid = NULL, bool connect =
 * true), static status(), localIP()), cores/esp32/IPAddress.h
 * (String toString() const), the global `WiFi`. C++ only. */
#ifndef STANDIN_WIFI_H
#define STANDIN_WIFI_H
#include <stddef.h>
#include <stdint.h>
#include "Arduino.h"
typedef enum {
  WL_NO_SHIELD = 255,
  WL_IDLE_STATUS = 0,
  WL_NO_SSID_AVAIL = 1,
  WL_SCAN_COMPLETED = 2,
  WL_CONNECTED = 3,
  WL_CONNECT_FAILED = 4,
  WL_CONNECTION_LOST = 5,
  WL_DISCONNECTED = 6
} wl_status_t;
class IPAddress {
 public:
  String toString() const;
};
class WiFiClass {
 public:
  wl_status_t begin(const char *ssid, const char *passphrase = NULL, int32_t channel = 0,
                    const uint8_t *bssid = NULL, bool connect = true);
  static wl_status_t status();
  IPAddress localIP();
};
extern WiFiClass WiFi;
#endif
