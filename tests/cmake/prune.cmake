# Structured pruning (src/train/prune*.c, issue 12): the pruned copy
# against the original with the removed channels silenced, the pruned
# int8 export through the runtime against the trainer's fake-quant
# forward, the gradual schedule (channels removed, never to zero; resumed
# after every 3 batches == uninterrupted; deterministic); a checkpoint of
# version 3 (before pruning) still loads. Seconds each.
add_executable(test_prune ${CMAKE_SOURCE_DIR}/tests/test_prune.c)
set_target_properties(test_prune PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_prune PRIVATE ${TC_WARN})
target_compile_definitions(test_prune PRIVATE _POSIX_C_SOURCE=200809L)

target_link_libraries(test_prune PRIVATE tinycnn_host tinycnn m)
foreach(t copy export schedule oldckpt)
  add_test(NAME prune_${t} COMMAND test_prune ${t})
  set_tests_properties(prune_${t} PROPERTIES TIMEOUT 60)
endforeach()
# tinycnn prune / train --prune end to end on generated images.
add_test(NAME prune_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_prune_cli.sh
         $<TARGET_FILE:tinycnn-cli>)
set_tests_properties(prune_cli PROPERTIES TIMEOUT 120)
