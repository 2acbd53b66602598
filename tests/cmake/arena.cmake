# Arena work (issue 5): the per-model breakdown tool.
add_executable(tc_arena_report arena_report.c)
set_target_properties(tc_arena_report PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_arena_report PRIVATE ${TC_WARN})
target_link_libraries(tc_arena_report PRIVATE tinycnn)

# In-place planning must hold for the reference kernels too (their pixel
# order is what tc_window_lead assumes first): the whole conformance suite
# with -DTC_REFERENCE_KERNELS=1.
add_executable(tc_conformance_ref conformance.c)
set_target_properties(tc_conformance_ref PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
target_compile_options(tc_conformance_ref PRIVATE ${TC_WARN} $<$<C_COMPILER_ID:GNU>:-Wno-format-truncation>)
target_compile_definitions(tc_conformance_ref PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(tc_conformance_ref PRIVATE tinycnn_ref PkgConfig::CJSON)
add_test(NAME conformance_ref COMMAND tc_conformance_ref --dir ${TC_SHARED}/conformance)
set_tests_properties(conformance_ref PROPERTIES SKIP_RETURN_CODE 77)

# The integer-only per-channel multiplier equals the double definition.
add_executable(test_qm_int test_qm_int.c)
set_target_properties(test_qm_int PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_qm_int PRIVATE ${TC_WARN})
target_link_libraries(test_qm_int PRIVATE tinycnn m)
add_test(NAME qm_int COMMAND test_qm_int)

# In-place planning and row streaming against op-by-op runs (random
# chains of conv, depthwise and pooling).
add_executable(test_arena_sharing test_arena_sharing.c)
set_target_properties(test_arena_sharing PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_arena_sharing PRIVATE ${TC_WARN})
target_link_libraries(test_arena_sharing PRIVATE tinycnn_host tinycnn m)
add_test(NAME arena_sharing COMMAND test_arena_sharing)
# The same with the reference kernels (the readable definition must share
# memory safely too).
add_executable(test_arena_sharing_ref test_arena_sharing.c
               ${CMAKE_SOURCE_DIR}/src/export/tflite_writer.c
               ${CMAKE_SOURCE_DIR}/src/export/tflite_opts.c
               ${CMAKE_SOURCE_DIR}/src/export/fbb.c)
set_target_properties(test_arena_sharing_ref PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_arena_sharing_ref PRIVATE ${TC_WARN})
target_compile_definitions(test_arena_sharing_ref PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_arena_sharing_ref PRIVATE tinycnn_ref m)
add_test(NAME arena_sharing_ref COMMAND test_arena_sharing_ref)
