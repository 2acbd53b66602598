/* Stand-in: espressif/arduino-esp32 cores/esp32/Arduino.h and what it
 * pulls in that the sketch uses: esp32-hal-gpio.h (pinMode, digitalWrite,
 * LOW/HIGH/OUTPUT), esp32-hal.h (micros, millis, delay), esp32-hal-psram.h
 * (psramFound), HardwareSerial.h (Serial.begin with the 2.0.x defaults,
 * Print's print/println), Esp.h (ESP.getFreeHeap), and Arduino.h's own
 * SET_LOOP_TASK_STACK_SIZE (a strong getArduinoLoopTaskStackSize over the
 * weak one of cores/esp32/main.cpp, 8192 by default), WString.h (String's
 * c_str). Arduino-ESP32 2.x and
 * 3.x declare these alike; the core also ships esp32-camera (esp_camera.h)
 * and the ESP-IDF headers (esp_heap_caps.h, freertos/). C++ only. */
#ifndef STANDIN_ARDUINO_H
#define STANDIN_ARDUINO_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "esp_err.h"
#include "esp_heap_caps.h"
#include "esp_system.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#define LOW 0x0
#define HIGH 0x1
#define OUTPUT 0x03
#define SERIAL_8N1 0x800001c

extern "C" {
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t val);
unsigned long micros();
unsigned long millis();
void delay(uint32_t);
bool psramFound();
}

class String {
 public:
  const char *c_str() const;
};

class HardwareSerial {
 public:
  void begin(unsigned long baud, uint32_t config = SERIAL_8N1, int8_t rxPin = -1,
             int8_t txPin = -1, bool invert = false, unsigned long timeout_ms = 20000UL,
             uint8_t rxfifo_full_thrhd = 112);
  size_t print(const char str[]);
  size_t println(const char str[]);
};
extern HardwareSerial Serial;

class EspClass {
 public:
  uint32_t getFreeHeap();
};
extern EspClass ESP;

void setup(void);
void loop(void);
size_t getArduinoLoopTaskStackSize(void);
#define SET_LOOP_TASK_STACK_SIZE(sz) \
  size_t getArduinoLoopTaskStackSize() { return sz; }
#endif
