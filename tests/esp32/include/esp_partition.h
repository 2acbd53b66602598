/* Stand-in: espressif/esp-idf components/esp_partition/include/
 * esp_partition.h (ESP-IDF >= 5.1; before, components/spi_flash/include/
 * esp_partition.h with spi_flash_mmap_memory_t / SPI_FLASH_MMAP_DATA and
 * spi_flash_mmap_handle_t from esp_spi_flash.h / spi_flash_mmap.h):
 * esp_partition_t's fields, the type / subtype enums (only the members
 * used; subtypes are 8-bit, 0x40-0xFE the application's) and the functions
 * the firmware calls, with their exact signatures. */
#ifndef STANDIN_ESP_PARTITION_H
#define STANDIN_ESP_PARTITION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "esp_err.h"
#include "esp_idf_version.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef struct esp_flash_t esp_flash_t;
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 1, 0)
typedef enum {
  ESP_PARTITION_MMAP_DATA,
  ESP_PARTITION_MMAP_INST,
} esp_partition_mmap_memory_t;
typedef uint32_t esp_partition_mmap_handle_t;
#else
typedef enum { SPI_FLASH_MMAP_DATA, SPI_FLASH_MMAP_INST } spi_flash_mmap_memory_t;
typedef uint32_t spi_flash_mmap_handle_t;
#endif
typedef enum {
  ESP_PARTITION_TYPE_APP = 0x00,
  ESP_PARTITION_TYPE_DATA = 0x01,
  ESP_PARTITION_TYPE_ANY = 0xff,
} esp_partition_type_t;
typedef enum {
  ESP_PARTITION_SUBTYPE_APP_FACTORY = 0x00,
  ESP_PARTITION_SUBTYPE_DATA_NVS = 0x02,
  ESP_PARTITION_SUBTYPE_ANY = 0xff,
} esp_partition_subtype_t;
typedef struct {
  esp_flash_t *flash_chip;
  esp_partition_type_t type;
  esp_partition_subtype_t subtype;
  uint32_t address;
  uint32_t size;
  uint32_t erase_size;
  char label[17];
  bool encrypted;
} esp_partition_t;
const esp_partition_t *esp_partition_find_first(esp_partition_type_t type,
                                                esp_partition_subtype_t subtype,
                                                const char *label);
esp_err_t esp_partition_read(const esp_partition_t *partition,
                             size_t src_offset, void *dst, size_t size);
esp_err_t esp_partition_write(const esp_partition_t *partition,
                              size_t dst_offset, const void *src, size_t size);
esp_err_t esp_partition_erase_range(const esp_partition_t *partition,
                                    size_t offset, size_t size);
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 1, 0)
esp_err_t esp_partition_mmap(const esp_partition_t *partition, size_t offset,
                             size_t size, esp_partition_mmap_memory_t memory,
                             const void **out_ptr,
                             esp_partition_mmap_handle_t *out_handle);
#else
esp_err_t esp_partition_mmap(const esp_partition_t *partition, size_t offset,
                             size_t size, spi_flash_mmap_memory_t memory,
                             const void **out_ptr,
                             spi_flash_mmap_handle_t *out_handle);
#endif
#ifdef __cplusplus
}
#endif
#endif
