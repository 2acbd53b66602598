/* Stand-in: espressif/esp-idf components/hal/include/hal/ledc_types.h
 * (through driver/ledc.h, which esp_camera.h includes). */
#ifndef STANDIN_DRIVER_LEDC_H
#define STANDIN_DRIVER_LEDC_H
typedef enum { LEDC_TIMER_0 = 0, LEDC_TIMER_1, LEDC_TIMER_2, LEDC_TIMER_3 } ledc_timer_t;
typedef enum { LEDC_CHANNEL_0 = 0, LEDC_CHANNEL_1, LEDC_CHANNEL_2 } ledc_channel_t;
#endif
