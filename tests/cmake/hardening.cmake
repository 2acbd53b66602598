# Hardening (issue 6): bad inputs, runtime invariants under threads,
# libFuzzer targets, the ASan + UBSan suite and valgrind on the CLI.
set(TC_HARD ${CMAKE_CURRENT_SOURCE_DIR})

add_library(tc_tiny_models STATIC ${TC_HARD}/support/tiny_models.c
            ${TC_HARD}/support/encode.c ${TC_HARD}/support/torture.c ${TC_HARD}/support/walk.c)
set_target_properties(tc_tiny_models PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_tiny_models PRIVATE ${TC_WARN})
target_link_libraries(tc_tiny_models PUBLIC tinycnn_host tinycnn PkgConfig::PNG
                      PkgConfig::JPEG PkgConfig::WEBP PkgConfig::ZLIB)

# The bad-input table of docs/errors.md, one check per row.
add_executable(test_errors ${TC_HARD}/test_errors.c)
set_target_properties(test_errors PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_errors PRIVATE ${TC_WARN})
target_compile_definitions(test_errors PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_errors PRIVATE tc_tiny_models tinycnn_host tinycnn PkgConfig::PNG PkgConfig::JPEG)
add_test(NAME errors COMMAND test_errors $<TARGET_FILE:tinycnn-cli>)

# The dataset, export and checkpoint rows: empty / one-class / unreadable
# folders, RLIMIT_FSIZE and a full tmpfs during `export --c` and
# checkpointing, SIGKILL then --resume (docs/errors.md).
foreach(m data export checkpoint)
  add_test(NAME train_errors_${m} COMMAND sh ${TC_HARD}/test_train_errors.sh
           $<TARGET_FILE:tinycnn-cli> ${m})
  set_tests_properties(train_errors_${m} PROPERTIES TIMEOUT 120)
endforeach()

# Two interpreters, two threads, one model: the same bytes as one.
add_executable(test_threads ${TC_HARD}/test_threads.c
               ${TC_HARD}/support/word_smash.c)
set_target_properties(test_threads PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_threads PRIVATE ${TC_WARN})
target_compile_definitions(test_threads PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_threads PRIVATE tc_tiny_models tinycnn Threads::Threads)
add_test(NAME threads COMMAND test_threads ${TC_SHARED}/conformance)

# Model-supplied integers bounded where read (issue 10): one row each.
add_executable(test_model_limits ${TC_HARD}/test_model_limits.c)
set_target_properties(test_model_limits PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_model_limits PRIVATE ${TC_WARN})
target_link_libraries(test_model_limits PRIVATE tc_tiny_models tinycnn)
add_test(NAME model_limits COMMAND test_model_limits)

# inspect --json inputs/outputs, and model strings printed escaped (issue 10).
add_executable(test_inspect_io ${TC_HARD}/test_inspect_io.c)
set_target_properties(test_inspect_io PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_inspect_io PRIVATE ${TC_WARN})
target_compile_definitions(test_inspect_io PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_inspect_io PRIVATE tc_tiny_models tinycnn PkgConfig::CJSON m)
add_test(NAME inspect_io COMMAND test_inspect_io $<TARGET_FILE:tinycnn-cli> ${TC_SHARED})

# Structure-aware word smashing of every conformance model (issue 10):
# run from the plain tree on the ASan + UBSan build (model_smash below).
add_executable(test_model_smash ${TC_HARD}/test_model_smash.c
               ${TC_HARD}/support/word_smash.c)
set_target_properties(test_model_smash PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_model_smash PRIVATE ${TC_WARN})
target_compile_definitions(test_model_smash PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_model_smash PRIVATE tc_tiny_models tinycnn_host tinycnn)

option(TC_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
set(TC_FUZZ_TARGETS model image preprocess idx)
if(TC_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TC_FUZZ needs clang (CC=clang)")
  endif()
  # Coverage feedback from the libraries the targets exercise.
  target_compile_options(tinycnn PRIVATE -fsanitize=fuzzer-no-link)
  target_compile_options(tinycnn_host PRIVATE -fsanitize=fuzzer-no-link)
  foreach(t ${TC_FUZZ_TARGETS})
    add_executable(fuzz_${t} ${TC_HARD}/fuzz/fuzz_${t}.c)
    if(t STREQUAL "model") # its custom mutator: the word smash
      target_sources(fuzz_model PRIVATE ${TC_HARD}/support/word_smash.c)
    endif()
    set_target_properties(fuzz_${t} PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF)
    target_compile_options(fuzz_${t} PRIVATE ${TC_WARN} -fsanitize=fuzzer)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${t} PRIVATE tinycnn_host tinycnn m)
    # Replays the committed seeds and every past crash input once.
    set(dirs ${TC_HARD}/fuzz/corpus/${t})
    if(EXISTS ${TC_HARD}/fuzz/corpus/regress/${t})
      list(APPEND dirs ${TC_HARD}/fuzz/corpus/regress/${t})
    endif()
    add_test(NAME fuzz_replay_${t} COMMAND fuzz_${t} -runs=0 ${dirs})
  endforeach()
endif()

add_executable(tc_gen_seeds ${TC_HARD}/fuzz/gen_seeds.c)
set_target_properties(tc_gen_seeds PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_gen_seeds PRIVATE ${TC_WARN})
target_compile_definitions(tc_gen_seeds PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(tc_gen_seeds PRIVATE tc_tiny_models PkgConfig::PNG PkgConfig::JPEG PkgConfig::ZLIB)

if(NOT TC_SANITIZE)
  # The plain build drives a second tree: clang, ASan + UBSan, libFuzzer.
  set(TC_ASAN_DIR ${CMAKE_BINARY_DIR}/asan)
  set(TC_FUZZ_SECONDS 30 CACHE STRING "Seconds per fuzz target in CTest")
  add_test(NAME asan_build COMMAND sh ${TC_HARD}/fuzz/asan_build.sh
           ${CMAKE_SOURCE_DIR} ${TC_ASAN_DIR} ${TC_SHARED})
  set_tests_properties(asan_build PROPERTIES FIXTURES_SETUP tc_asan TIMEOUT 900)
  # The whole suite under the sanitizers, minus the cross/emulator tests.
  add_test(NAME asan_suite COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${TC_ASAN_DIR}
           --output-on-failure -E "^(portability_|rv32_|cortex_m4_|valgrind_)")
  # bad_models' 300 mutants per model take ~100 s under ASan: 50 there
  # (the plain build and fuzz_model cover the rest).
  set_tests_properties(asan_suite PROPERTIES FIXTURES_REQUIRED tc_asan TIMEOUT 900
                       ENVIRONMENT TC_BAD_MODELS_MUTANTS=50)
  foreach(t ${TC_FUZZ_TARGETS})
    add_test(NAME fuzz_${t} COMMAND sh ${TC_HARD}/fuzz/run.sh ${TC_ASAN_DIR} ${t}
             ${TC_FUZZ_SECONDS} ${TC_HARD}/fuzz ${TC_SHARED})
    set_tests_properties(fuzz_${t} PROPERTIES FIXTURES_REQUIRED tc_asan TIMEOUT 300)
  endforeach()
  # >= 20000 word-smashed conformance models under ASan + UBSan.
  add_test(NAME model_smash COMMAND ${TC_ASAN_DIR}/tests/test_model_smash
           ${TC_SHARED}/conformance --min 20000)
  set_tests_properties(model_smash PROPERTIES FIXTURES_REQUIRED tc_asan
                       SKIP_RETURN_CODE 77 TIMEOUT 600)
  # The CLI's conformance run under valgrind memcheck: no errors, no leaks.
  add_test(NAME valgrind_cli COMMAND sh ${TC_HARD}/valgrind_cli.sh
           $<TARGET_FILE:tinycnn-cli> ${TC_SHARED})
  set_tests_properties(valgrind_cli PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
