# MCU ports under QEMU (ports/) and the benchmark programs (bench/).

# A second MCU ISA: person_detect on Cortex-M4 (mps2-an386), bit-exact.
add_test(NAME cortex_m4_conformance COMMAND sh ${CMAKE_SOURCE_DIR}/ports/cortex-m-qemu/conformance.sh
         ${CMAKE_BINARY_DIR} ${TC_SHARED}/conformance)
set_tests_properties(cortex_m4_conformance PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# Build-time op selection on rv32: only the model's kernels are linked.
add_test(NAME rv32_op_selection COMMAND sh ${CMAKE_SOURCE_DIR}/ports/rv32-qemu/test_ops.sh
         ${CMAKE_BINARY_DIR} ${TC_SHARED}/conformance)
set_tests_properties(rv32_op_selection PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# Benchmarks are built with everything else but run only by `make bench`.
add_executable(tc_bench_host ${CMAKE_SOURCE_DIR}/bench/bench_host.c)
set_target_properties(tc_bench_host PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_bench_host PRIVATE ${TC_WARN})
target_compile_definitions(tc_bench_host PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(tc_bench_host PRIVATE tinycnn)
# The same with the reference kernels, for the speed-up (make bench builds it).
file(GLOB TC_BENCH_REF_SRC CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/runtime/*.c ${CMAKE_SOURCE_DIR}/src/kernels/*.c)
add_library(tinycnn_ref STATIC EXCLUDE_FROM_ALL ${TC_BENCH_REF_SRC})
target_include_directories(tinycnn_ref PUBLIC ${CMAKE_SOURCE_DIR}/include)
set_target_properties(tinycnn_ref PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tinycnn_ref PRIVATE ${TC_WARN})
target_compile_definitions(tinycnn_ref PRIVATE TC_REFERENCE_KERNELS=1)
target_link_libraries(tinycnn_ref PUBLIC m)
add_executable(tc_bench_host_ref EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/bench_host.c)
set_target_properties(tc_bench_host_ref PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_bench_host_ref PRIVATE ${TC_WARN})
target_compile_definitions(tc_bench_host_ref PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(tc_bench_host_ref PRIVATE tinycnn_ref)

# The runtime's stack on rv32imc (issue 11): load + init + invoke painted
# under QEMU for the benchmark models at -Os and -O2, at most 2048 bytes and
# at most TC_STACK_NEED (runtime.h), which `tinycnn inspect` must state.
add_test(NAME rv32_stack COMMAND sh ${CMAKE_SOURCE_DIR}/ports/rv32-qemu/stack.sh
         ${CMAKE_BINARY_DIR} ${TC_SHARED}/conformance 2048)
set_tests_properties(rv32_stack PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
