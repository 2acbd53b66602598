# `tinycnn train --ptq` (post-training quantization with a calibration set),
# the float/hybrid export variants and `tinycnn export RUN ...`, --val-dir,
# --positive, class weights and skipped files, end to end. A few seconds.
if(EXISTS ${CMAKE_SOURCE_DIR}/src/train/calibrate.c)
add_executable(test_train_ptq ${CMAKE_SOURCE_DIR}/tests/test_train_ptq.c)
set_target_properties(test_train_ptq PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_train_ptq PRIVATE ${TC_WARN})
target_compile_definitions(test_train_ptq PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_train_ptq PRIVATE tinycnn_host tinycnn m)
add_test(NAME train_ptq COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_train_ptq.sh
         $<TARGET_FILE:tinycnn-cli> $<TARGET_FILE:test_train_ptq>)
set_tests_properties(train_ptq PROPERTIES TIMEOUT 120)
endif()
