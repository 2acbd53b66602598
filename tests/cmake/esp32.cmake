# ESP32 firmware on the host (tests/esp32): the ESP-IDF example and the
# tinycnn component glue compiled as strict C99 against stand-in headers
# (tests/esp32/include, cited from the real ones) and run with recording
# fakes. Two builds: arena in internal RAM (the Kconfig default) and in PSRAM.
set(TC_ESP32_STANDINS ${CMAKE_CURRENT_SOURCE_DIR}/esp32/include)
set(TC_IDF_MAIN ${CMAKE_SOURCE_DIR}/examples/esp32-cam-classifier/main)
set(TC_IDF_COMPONENT ${CMAKE_SOURCE_DIR}/ports/esp-idf/tinycnn)
set(TC_IDF_SRCS ${TC_IDF_MAIN}/main.c ${TC_IDF_MAIN}/camera_hal.c ${TC_IDF_MAIN}/web.c
    ${TC_IDF_MAIN}/model_data.c ${TC_IDF_COMPONENT}/tinycnn_esp.c
    ${TC_IDF_COMPONENT}/tinycnn_esp_device.c)
foreach(variant internal psram)
  add_library(tc_esp32_fw_${variant} OBJECT ${TC_IDF_SRCS})
  set_target_properties(tc_esp32_fw_${variant} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(tc_esp32_fw_${variant} PRIVATE ${TC_WARN})
  target_include_directories(tc_esp32_fw_${variant} PRIVATE ${TC_IDF_MAIN} ${TC_IDF_COMPONENT}/include
                             ${CMAKE_SOURCE_DIR}/include)
  target_include_directories(tc_esp32_fw_${variant} SYSTEM PRIVATE ${TC_ESP32_STANDINS})
  add_executable(test_esp32_idf_${variant} esp32/test_esp32_idf.c esp32/fakes.c
                 $<TARGET_OBJECTS:tc_esp32_fw_${variant}>)
  set_target_properties(test_esp32_idf_${variant} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(test_esp32_idf_${variant} PRIVATE ${TC_WARN} $<$<C_COMPILER_ID:GNU>:-Wno-format-truncation>)
  target_include_directories(test_esp32_idf_${variant} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                             ${CMAKE_CURRENT_SOURCE_DIR}/esp32)
  target_include_directories(test_esp32_idf_${variant} SYSTEM PRIVATE ${TC_ESP32_STANDINS})
  target_link_libraries(test_esp32_idf_${variant} PRIVATE tinycnn)
  add_test(NAME esp32_idf_${variant} COMMAND test_esp32_idf_${variant})
endforeach()
target_compile_definitions(tc_esp32_fw_psram PRIVATE CONFIG_TINYCNN_ARENA_PSRAM=1)
target_compile_definitions(test_esp32_idf_psram PRIVATE CONFIG_TINYCNN_ARENA_PSRAM=1 ARENA_PSRAM=1)

# The device loop on the board's code (issue 14): GET /capture, POST /model
# and the model partition through the fakes' esp_http_server and
# esp_partition, with an upload token and a 64 KB upload limit; grey and
# RGB565 cameras.
foreach(variant gray rgb)
  add_library(tc_esp32_fw_loop_${variant} OBJECT ${TC_IDF_SRCS})
  set_target_properties(tc_esp32_fw_loop_${variant} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(tc_esp32_fw_loop_${variant} PRIVATE ${TC_WARN})
  target_include_directories(tc_esp32_fw_loop_${variant} PRIVATE ${TC_IDF_MAIN} ${TC_IDF_COMPONENT}/include
                             ${CMAKE_SOURCE_DIR}/include)
  target_include_directories(tc_esp32_fw_loop_${variant} SYSTEM PRIVATE ${TC_ESP32_STANDINS})
  target_compile_definitions(tc_esp32_fw_loop_${variant} PRIVATE CONFIG_CAMCLS_MODEL_TOKEN="s3cret"
                             CONFIG_CAMCLS_MODEL_MAX_KB=64)
  add_executable(test_esp32_loop_${variant} esp32/test_esp32_loop.c esp32/fakes.c
                 $<TARGET_OBJECTS:tc_esp32_fw_loop_${variant}>)
  set_target_properties(test_esp32_loop_${variant} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(test_esp32_loop_${variant} PRIVATE ${TC_WARN} $<$<C_COMPILER_ID:GNU>:-Wno-format-truncation>)
  target_include_directories(test_esp32_loop_${variant} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                             ${CMAKE_CURRENT_SOURCE_DIR}/esp32 ${TC_IDF_COMPONENT}/include)
  target_include_directories(test_esp32_loop_${variant} SYSTEM PRIVATE ${TC_ESP32_STANDINS})
  target_link_libraries(test_esp32_loop_${variant} PRIVATE tc_app_model PkgConfig::ZLIB)
  add_test(NAME esp32_loop_${variant} COMMAND test_esp32_loop_${variant})
endforeach()
target_compile_definitions(tc_esp32_fw_loop_rgb PRIVATE CONFIG_CAMCLS_PIXFORMAT_RGB565=1)
target_compile_definitions(test_esp32_loop_rgb PRIVATE CONFIG_CAMCLS_PIXFORMAT_RGB565=1 LOOP_RGB=1)
