# Image files beyond the basics of test_imageio (issue 10): decoding for a
# model's size (DCT scaling, streamed rows), EXIF orientation, the memory
# bound, WebP; and the CLI's one path for train, eval, predict, camera-sim.
add_executable(test_imageio_fit ${CMAKE_CURRENT_SOURCE_DIR}/test_imageio_fit.c)
set_target_properties(test_imageio_fit PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_imageio_fit PRIVATE ${TC_WARN})
target_compile_definitions(test_imageio_fit PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(test_imageio_fit PRIVATE tc_tiny_models tinycnn_host m)
add_test(NAME imageio_fit COMMAND test_imageio_fit)
# The large photos and the WebP of ../shared/data/face-mask, read in place.
add_test(NAME imageio_fit_dataset COMMAND test_imageio_fit --dir ${TC_SHARED}/data/face-mask)
set_tests_properties(imageio_fit_dataset PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME imageio_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_imageio_cli.sh
         $<TARGET_FILE:tinycnn-cli> $<TARGET_FILE:tc_gen_app_model> $<TARGET_FILE:test_imageio_fit>)
add_executable(test_imageio_webp ${CMAKE_CURRENT_SOURCE_DIR}/test_imageio_webp.c)
set_target_properties(test_imageio_webp PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_imageio_webp PRIVATE ${TC_WARN})
target_link_libraries(test_imageio_webp PRIVATE tc_tiny_models tinycnn_host)
add_test(NAME imageio_webp COMMAND test_imageio_webp)

# make bench (bench/decode.sh): full vs reduced decoding, never a test.
add_executable(tc_bench_decode ${CMAKE_SOURCE_DIR}/bench/bench_decode.c)
set_target_properties(tc_bench_decode PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tc_bench_decode PRIVATE ${TC_WARN})
target_compile_definitions(tc_bench_decode PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(tc_bench_decode PRIVATE tinycnn_host)
