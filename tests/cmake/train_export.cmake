# Trainer export side: quantization rules, net -> .tflite (int8, float,
# hybrid) through our runtime, model_data.c/.h, metrics, eval and report.
add_executable(test_train_export ${CMAKE_CURRENT_SOURCE_DIR}/test_train_export.c)
set_target_properties(test_train_export PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_train_export PRIVATE ${TC_WARN})
target_compile_definitions(test_train_export PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_train_export PRIVATE tinycnn_host m)
add_test(NAME train_export COMMAND test_train_export)
add_test(NAME train_export_c COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/train_export_c.sh
         $<TARGET_FILE:test_train_export> ${CMAKE_C_COMPILER} ${CMAKE_SOURCE_DIR}
         $<TARGET_FILE:tinycnn> $<$<BOOL:${TC_SANITIZE}>:-fsanitize=address,undefined>)
# tinycnn eval / export --c on generated frames, hand-computed metrics.
add_test(NAME eval_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_eval_cli.sh
         $<TARGET_FILE:tinycnn-cli> $<TARGET_FILE:tc_gen_app_model>)
# The report in headless Chromium (Debian chromium): screenshot, no console
# errors; skipped visibly when chromium is absent.
add_test(NAME report_chromium COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_report_chromium.sh
         $<TARGET_FILE:test_train_export>)
set_tests_properties(report_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180)
