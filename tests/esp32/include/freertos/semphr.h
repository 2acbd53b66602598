/* Stand-in: espressif/esp-idf components/freertos/.../freertos/semphr.h
 * (macros over the queue API there; functions here). */
#ifndef STANDIN_FREERTOS_SEMPHR_H
#define STANDIN_FREERTOS_SEMPHR_H
#include "freertos/FreeRTOS.h"
typedef struct QueueDefinition *SemaphoreHandle_t;
#ifdef __cplusplus
extern "C" {
#endif
SemaphoreHandle_t xSemaphoreCreateMutex(void);
BaseType_t xSemaphoreTake(SemaphoreHandle_t xSemaphore, TickType_t xBlockTime);
BaseType_t xSemaphoreGive(SemaphoreHandle_t xSemaphore);
/* a macro over vQueueDelete there */
void vSemaphoreDelete(SemaphoreHandle_t xSemaphore);
#ifdef __cplusplus
}
#endif
#endif
