/* tinycnn on ESP32 chips, board-independent: the camera firmware's task
 * stack size and the tensor arena's placement chosen at run time. Shared
 * by the ESP-IDF component (ports/esp-idf/tinycnn) and the Arduino sketch;
 * header-only (static inline) so that it costs nothing until used.
 * heap_caps_aligned_alloc, MALLOC_CAP_*: espressif/esp-idf
 * components/heap/include/esp_heap_caps.h. */
#ifndef TINYCNN_ESP32_H
#define TINYCNN_ESP32_H

#include <stddef.h>
#include <string.h>

#include "esp_heap_caps.h"
#include "tinycnn/app.h"
#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- The camera task's stack, in bytes (FreeRTOS on ESP-IDF takes task
 * stack sizes in bytes, as does Arduino-ESP32's SET_LOOP_TASK_STACK_SIZE).
 * At any time the task runs the app's frames (TC_APP_STACK, measured) plus
 * ONE of: the runtime (TC_STACK_NEED, measured: load, init and invoke, and
 * the arena's size through tc_esp32_arena_size below; never
 * tc_model_arena_size, which needs TC_ARENA_SIZE_STACK), camera (re)initialisation
 * or a log line, never two at once; plus a margin for the FreeRTOS context
 * switch and the Xtensa register-window spill. The camera and log figures
 * are argued, not measured (no board here): esp32-camera's examples call
 * esp_camera_init from app_main on ESP-IDF's default main task stack
 * (CONFIG_ESP_MAIN_TASK_STACK_SIZE = 3584), and ESP-IDF runs printf on a
 * shared stack of CONFIG_ESP_MINIMAL_SHARED_STACK_SIZE = 2048 bytes
 * (esp_function_with_shared_stack), the same newlib vprintf ESP_LOGI and
 * Arduino's Serial.printf use. */
#define TC_ESP32_CAMERA_STACK 3584
#define TC_ESP32_LOG_STACK 2048
#define TC_ESP32_STACK_MARGIN 512
#define TC_ESP32_MAX_(a, b) ((a) > (b) ? (a) : (b))
#define TC_ESP32_TASK_STACK                                               \
  (TC_APP_STACK +                                                         \
   TC_ESP32_MAX_(TC_STACK_NEED,                                           \
                 TC_ESP32_MAX_(TC_ESP32_CAMERA_STACK, TC_ESP32_LOG_STACK)) + \
   TC_ESP32_STACK_MARGIN)

/* `bytes` of 16-byte aligned memory for the tensor arena: from PSRAM first
 * when psram_first (and PSRAM is there: psram, the port's run-time check),
 * else internal RAM first; then from the other one. NULL when neither has
 * such a block. *placement says where it went and why: "internal",
 * "psram", "internal, no psram", "internal, psram full" or
 * "psram, internal full". 16 bytes: the runtime aligns inside the arena,
 * so an aligned block makes tc_model_arena_size's figure exactly enough. */
static inline void *tc_esp32_arena_alloc(size_t bytes, int psram,
                                         int psram_first,
                                         const char **placement) {
  const uint32_t internal = MALLOC_CAP_INTERNAL | MALLOC_CAP_8BIT;
  void *p;
  if (!bytes) bytes = 16;
  if (psram_first) {
    if (psram &&
        (p = heap_caps_aligned_alloc(16, bytes, MALLOC_CAP_SPIRAM)) != NULL) {
      *placement = "psram";
      return p;
    }
    *placement = psram ? "internal, psram full" : "internal, no psram";
    return heap_caps_aligned_alloc(16, bytes, internal);
  }
  if ((p = heap_caps_aligned_alloc(16, bytes, internal)) != NULL) {
    *placement = "internal";
    return p;
  }
  *placement = "psram, internal full";
  return psram ? heap_caps_aligned_alloc(16, bytes, MALLOC_CAP_SPIRAM) : NULL;
}

/* The exact arena m needs (tc_model_arena_size's figure), measured in a
 * short-lived heap block (tc_model_arena_size_in) so that it takes no more
 * stack than TC_STACK_NEED: what the camera task's stack is sized from.
 * TC_ERR_ARENA (m->msg says so) when the heap has no such block. */
static inline tc_status tc_esp32_arena_size(tc_model *m, size_t *need) {
  size_t n = tc_model_arena_work(m);
  void *work = n ? heap_caps_aligned_alloc(16, n, MALLOC_CAP_8BIT) : NULL;
  tc_status s;
  if (!work) {
    static const char why[] =
        "model: no heap block of tc_model_arena_work bytes to measure the "
        "arena in";
    if (!m || !n) return TC_ERR_ARG;
    memcpy(m->msg, why, sizeof why); /* < TC_MSG_LEN */
    return TC_ERR_ARENA;
  }
  s = tc_model_arena_size_in(m, need, work, n);
  heap_caps_free(work);
  return s;
}

#ifdef __cplusplus
}
#endif
#endif
