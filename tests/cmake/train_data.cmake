# Trainer data side: rng, folder and IDX loaders, split, augmentation.
add_executable(test_train_data ${CMAKE_CURRENT_SOURCE_DIR}/test_train_data.c)
set_target_properties(test_train_data PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(test_train_data PRIVATE ${TC_WARN})
target_compile_definitions(test_train_data PRIVATE _POSIX_C_SOURCE=200809L _XOPEN_SOURCE=700)
target_link_libraries(test_train_data PRIVATE tinycnn_host m)
add_test(NAME train_data COMMAND test_train_data)
# The real thing when Debian's dataset-fashion-mnist is installed.
add_test(NAME train_data_fashion COMMAND test_train_data --fashion /usr/share/datasets/fashion-mnist)
set_tests_properties(train_data_fashion PROPERTIES SKIP_RETURN_CODE 77)
# A real folder: every file loaded or listed, threaded slots in file order.
add_test(NAME train_data_dir COMMAND test_train_data --dir ${TC_SHARED}/data/face-mask)
set_tests_properties(train_data_dir PROPERTIES SKIP_RETURN_CODE 77)
