# Firmware build files and budgets (tests/firmware): the model's build
# configuration from `tinycnn export --c`, the app's stack bound, the
# ESP-IDF component and project files.
add_test(NAME model_config COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/model_config.sh
         ${CMAKE_BINARY_DIR} $<TARGET_FILE:tc_gen_demo>)
set_tests_properties(model_config PROPERTIES TIMEOUT 600)
add_test(NAME app_stack COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/app_stack.sh ${CMAKE_SOURCE_DIR})
add_test(NAME esp_idf_project COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/esp_idf_project.sh ${CMAKE_SOURCE_DIR})

# The Arduino library of `make arduino`: layout, C++ headers, and a build by
# Debian's arduino-builder against a stand-in ESP32 platform.
add_executable(tc_json_check firmware/json_check.c)
set_target_properties(tc_json_check PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(tc_json_check PRIVATE ${TC_WARN})
target_link_libraries(tc_json_check PRIVATE PkgConfig::CJSON)
add_test(NAME arduino_library COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/arduino.sh
         ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(arduino_library PROPERTIES TIMEOUT 600)
