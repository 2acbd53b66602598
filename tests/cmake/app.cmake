# Firmware logic (src/app), `tinycnn predict` / `camera-sim`, and the ESP32
# example's placeholder model.
add_library(tc_app_model STATIC app_model.c)
set_target_properties(tc_app_model PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_app_model PRIVATE ${TC_WARN})
target_link_libraries(tc_app_model PUBLIC tinycnn_host tinycnn m)

add_executable(tc_gen_app_model gen_app_model.c)
set_target_properties(tc_gen_app_model PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_gen_app_model PRIVATE ${TC_WARN})
target_link_libraries(tc_gen_app_model PRIVATE tc_app_model)

# Decisions, hysteresis, log lines and camera recovery with a fake HAL.
add_executable(test_app test_app.c)
set_target_properties(test_app PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_app PRIVATE ${TC_WARN} $<$<C_COMPILER_ID:GNU>:-Wno-format-truncation>)
target_link_libraries(test_app PRIVATE tc_app_model)
add_test(NAME app COMMAND test_app)

# The CLI on generated PGM frames: predict and camera-sim in every format.
add_test(NAME app_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_app_cli.sh
         $<TARGET_FILE:tinycnn-cli> $<TARGET_FILE:tc_gen_app_model>)

# The committed placeholder model of the ESP32 example is exactly what the
# generator writes (no hand-edited blob), and its model_config.h what
# `tinycnn export --c` writes for it.
add_test(NAME app_placeholder COMMAND sh -c "d=$(mktemp -d) && $<TARGET_FILE:tc_gen_app_model> --c $d && cmp $d/model_data.c ${CMAKE_SOURCE_DIR}/examples/esp32-cam-classifier/main/model_data.c && cmp $d/model_data.h ${CMAKE_SOURCE_DIR}/examples/esp32-cam-classifier/main/model_data.h && $<TARGET_FILE:tc_gen_app_model> $d/p.tflite && $<TARGET_FILE:tinycnn-cli> export $d/p.tflite --c $d >/dev/null && cmp $d/model_config.h ${CMAKE_SOURCE_DIR}/examples/esp32-cam-classifier/main/model_config.h; r=$?; rm -rf $d; exit $r")
