/* Stand-in: espressif/esp-idf components/log/include/esp_log.h
 * (ESP_LOGx(tag, format, ...) macros; printf-style). */
#ifndef STANDIN_ESP_LOG_H
#define STANDIN_ESP_LOG_H
#ifdef __cplusplus
extern "C" {
#endif
void fake_log(char level, const char *tag, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
#ifdef __cplusplus
}
#endif
#define ESP_LOGE(tag, ...) fake_log('E', tag, __VA_ARGS__)
#define ESP_LOGW(tag, ...) fake_log('W', tag, __VA_ARGS__)
#define ESP_LOGI(tag, ...) fake_log('I', tag, __VA_ARGS__)
#endif
