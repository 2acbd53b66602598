# The Xtensa port (ports/xtensa-qemu): qemu-system-xtensa -M sim -cpu lx106.

# The compiler runtime routines the port supplies (Debian's lx106 libgcc
# lacks them), built for the host and compared with the host's operators.
add_executable(test_xtensa_rt test_xtensa_rt.c
               ${CMAKE_SOURCE_DIR}/ports/xtensa-qemu/rt_int.c
               ${CMAKE_SOURCE_DIR}/ports/xtensa-qemu/rt_float.c)
set_target_properties(test_xtensa_rt PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_xtensa_rt PRIVATE ${TC_WARN})
target_compile_definitions(test_xtensa_rt PRIVATE TC_RT_HOST)
target_include_directories(test_xtensa_rt PRIVATE ${CMAKE_SOURCE_DIR}/ports/xtensa-qemu)
target_link_libraries(test_xtensa_rt PRIVATE m)
add_test(NAME xtensa_rt_host COMMAND test_xtensa_rt 300000)

# Emulator runs: not repeated in the sanitizer tree (nothing of the host
# runs in them).
if(NOT TC_SANITIZE)
  # An unaligned 32-bit load traps (LoadStoreAlignment), as on an ESP32.
  add_test(NAME xtensa_unaligned COMMAND sh ${CMAKE_SOURCE_DIR}/ports/xtensa-qemu/test_unaligned.sh)
  set_tests_properties(xtensa_unaligned PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
  # The optimized conv/depthwise kernels (the Xtensa assembly) against the
  # reference formula on random shapes, built for lx106 and run in QEMU.
  add_test(NAME kernels_opt_xtensa COMMAND sh ${CMAKE_SOURCE_DIR}/tests/kernels_opt_xtensa.sh
           ${CMAKE_SOURCE_DIR} 800)
  set_tests_properties(kernels_opt_xtensa PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  # Every exact-compare conformance case on Xtensa, bit-exact.
  add_test(NAME xtensa_conformance COMMAND sh ${CMAKE_SOURCE_DIR}/ports/xtensa-qemu/conformance.sh
           ${CMAKE_BINARY_DIR} ${TC_SHARED}/conformance)
  # COST: the longest test (about 7 min on one core) starts first, so that
  # `ctest -j2` of a clean clone (no timing history) overlaps it with the rest.
  set_tests_properties(xtensa_conformance PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1500 COST 1000)
endif()
