# The device loop (issue 14): the shared service code in process
# (test_loop.c: A/B store with a power cut at every flash step, uploads
# accepted and refused, uploads during inference) and the CLI end to end
# on loopback (test_loop.sh: camera-sim --serve, collect, train, deploy).
add_executable(gen_loop_model gen_loop_model.c)
set_target_properties(gen_loop_model PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(gen_loop_model PRIVATE ${TC_WARN})
target_link_libraries(gen_loop_model PRIVATE tc_app_model)

add_executable(test_loop test_loop.c ${CMAKE_SOURCE_DIR}/tools/flash_file.c)
set_target_properties(test_loop PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_loop PRIVATE ${TC_WARN} $<$<C_COMPILER_ID:GNU>:-Wno-format-truncation>)
target_compile_definitions(test_loop PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_loop PRIVATE tc_app_model PkgConfig::ZLIB Threads::Threads)
foreach(t meta store device stream concurrent)
  add_test(NAME loop_${t} COMMAND test_loop ${t})
endforeach()
add_test(NAME loop_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test_loop.sh
         $<TARGET_FILE:tinycnn-cli> $<TARGET_FILE:gen_loop_model>
         ${TC_SHARED}/conformance/models/person_detect.tflite)
set_tests_properties(loop_cli PROPERTIES TIMEOUT 180)
