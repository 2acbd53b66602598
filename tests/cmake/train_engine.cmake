# Training engine (src/train: net, layers, optim, qat, checkpoint, train)
# and `tinycnn train`. Fast: each test runs in seconds.
# The engine links against the export engineer's src/train/qparams.c
# (tc_qparams_*, tc_fake_quant); until it lands these tests are not built.
if(NOT EXISTS ${CMAKE_SOURCE_DIR}/src/train/qparams.c)
  message(STATUS "train_engine tests: waiting for src/train/qparams.c")
  return()
endif()
add_executable(test_train_engine ${CMAKE_SOURCE_DIR}/tests/test_train_engine.c)
set_target_properties(test_train_engine PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_train_engine PRIVATE ${TC_WARN})
target_compile_definitions(test_train_engine PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_train_engine PRIVATE tinycnn_host tinycnn m)
# Forward vs a naive double-precision reference; every layer's gradient vs
# central differences; a separable toy problem (> 95% in 4 epochs, int8
# fake-quantized); resume (2 epochs + 1 batch + rest == 4 epochs, bit for
# bit); a checkpoint write that fails leaves the old one intact.
foreach(t forward grad toy resume atomic)
  add_test(NAME train_engine_${t} COMMAND test_train_engine ${t})
endforeach()
# The CLI (tools/cmd_train.c): progress lines, metrics.csv, SIGINT -> 130 and --resume.
if(EXISTS ${CMAKE_SOURCE_DIR}/tools/cmd_train.c)
add_test(NAME train_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_train_cli.sh
         $<TARGET_FILE:tinycnn-cli>)
set_tests_properties(train_cli PROPERTIES TIMEOUT 120)
endif()
