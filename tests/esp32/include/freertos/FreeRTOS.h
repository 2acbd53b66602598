/* Stand-in: espressif/esp-idf components/freertos (FreeRTOS.h,
 * portmacro.h): the types and macros the firmware uses. */
#ifndef STANDIN_FREERTOS_H
#define STANDIN_FREERTOS_H
#include <stdint.h>
typedef uint32_t TickType_t;
typedef int BaseType_t;
typedef unsigned int UBaseType_t;
#define pdFALSE 0
#define pdTRUE 1
#define pdPASS 1
#define portMAX_DELAY ((TickType_t)0xffffffffUL)
#define portTICK_PERIOD_MS 10
#define pdMS_TO_TICKS(ms) ((TickType_t)(ms) / portTICK_PERIOD_MS)
#endif
