# Firmware build files and budgets (tests/firmware): the model's build
# configuration from `tinycnn export --c`, the app's stack bound, the
# ESP-IDF component and project files.
add_test(NAME model_config COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/model_config.sh
         ${CMAKE_BINARY_DIR} $<TARGET_FILE:tc_gen_demo>)
set_tests_properties(model_config PROPERTIES TIMEOUT 600)
add_test(NAME app_stack COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/app_stack.sh ${CMAKE_SOURCE_DIR})
add_test(NAME esp_idf_project COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/firmware/esp_idf_project.sh ${CMAKE_SOURCE_DIR})
