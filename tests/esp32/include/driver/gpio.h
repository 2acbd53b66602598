/* Stand-in: espressif/esp-idf components/esp_driver_gpio/include/driver/
 * gpio.h (driver/gpio.h before v5.3) and hal/gpio_types.h. */
#ifndef STANDIN_DRIVER_GPIO_H
#define STANDIN_DRIVER_GPIO_H
#include <stdint.h>
#include "esp_err.h"
typedef enum { GPIO_NUM_NC = -1, GPIO_NUM_0 = 0, GPIO_NUM_MAX = 49 } gpio_num_t;
typedef enum { GPIO_MODE_DISABLE = 0, GPIO_MODE_INPUT = 1,
               GPIO_MODE_OUTPUT = 2 } gpio_mode_t;
#ifdef __cplusplus
extern "C" {
#endif
esp_err_t gpio_reset_pin(gpio_num_t gpio_num);
esp_err_t gpio_set_direction(gpio_num_t gpio_num, gpio_mode_t mode);
esp_err_t gpio_set_level(gpio_num_t gpio_num, uint32_t level);
#ifdef __cplusplus
}
#endif
#endif
