# The set-up script (scripts/deps.sh): waits for the package locks, installs
# what the tests need; run with stand-ins for apt-get and dpkg-query.
add_test(NAME deps COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_deps.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(deps PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
