# Optimized int8 conv/depthwise kernels vs the reference formula on random
# shapes (byte-identical), host build.
add_executable(test_kernels_opt test_kernels_opt.c)
set_target_properties(test_kernels_opt PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_kernels_opt PRIVATE ${TC_WARN})
target_link_libraries(test_kernels_opt PRIVATE tinycnn)
add_test(NAME kernels_opt COMMAND test_kernels_opt 3000)
add_test(NAME kernels_opt_rv32 COMMAND sh ${CMAKE_SOURCE_DIR}/tests/kernels_opt_rv32.sh ${CMAKE_SOURCE_DIR} 800)
set_tests_properties(kernels_opt_rv32 PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
# The same with the scalar blocks written for MCUs (-DTC_VEC_LOOPS=0): on an
# x86-64 host the default build runs the loops shaped for the vectorizer
# instead (opt_common.h), and both must stay exact. The two kernel files
# come first, so the library's copies of them are not linked.
add_executable(test_kernels_opt_scalar test_kernels_opt.c
               ${CMAKE_SOURCE_DIR}/src/kernels/conv_s8_opt.c
               ${CMAKE_SOURCE_DIR}/src/kernels/depthwise_conv_s8_opt.c)
set_target_properties(test_kernels_opt_scalar PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_kernels_opt_scalar PRIVATE ${TC_WARN})
target_compile_definitions(test_kernels_opt_scalar PRIVATE TC_VEC_LOOPS=0)
target_link_libraries(test_kernels_opt_scalar PRIVATE tinycnn)
add_test(NAME kernels_opt_scalar COMMAND test_kernels_opt_scalar 3000)
