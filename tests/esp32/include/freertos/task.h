/* Stand-in: espressif/esp-idf components/freertos/.../include/freertos/
 * task.h. On ESP-IDF the stack depth is in bytes (StackType_t is uint8_t;
 * maintainers, espressif/esp-idf issue #2042). */
#ifndef STANDIN_FREERTOS_TASK_H
#define STANDIN_FREERTOS_TASK_H
#include <stdint.h>
#include "freertos/FreeRTOS.h"
typedef void (*TaskFunction_t)(void *);
typedef struct tskTaskControlBlock *TaskHandle_t;
#ifdef __cplusplus
extern "C" {
#endif
BaseType_t xTaskCreate(TaskFunction_t pxTaskCode, const char *const pcName,
                       const uint32_t usStackDepth, void *const pvParameters,
                       UBaseType_t uxPriority, TaskHandle_t *const pxCreatedTask);
void vTaskDelay(const TickType_t xTicksToDelay);
#ifdef __cplusplus
}
#endif
#endif
