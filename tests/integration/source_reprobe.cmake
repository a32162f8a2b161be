# The real screentimed finding input idle sources that appear after start-up and replacing a
# lost one, with the ScreenSaver and Mutter IdleMonitor mocks started and stopped by the test,
# and a peer that takes that name and never answers (hung_peer.py).
# Included by CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set); registered only where the
# private desktop session exists.
if(SCREENTIME_WITH_TESTENV)
  get_filename_component(testenv_dir ${SCREENTIME_TESTENV} DIRECTORY)
  add_executable(it_source_reprobe ${CMAKE_CURRENT_LIST_DIR}/source_reprobe_test.cpp)
  target_link_libraries(it_source_reprobe PRIVATE screentime_it_support GTest::gtest_main)
  target_compile_definitions(it_source_reprobe PRIVATE
    SCREENTIMED="$<TARGET_FILE:screentimed>" SCREENTIMECTL="$<TARGET_FILE:screentimectl>"
    SCREENTIME_TESTENV_LIB="${testenv_dir}/lib"
    SCREENTIME_HUNG_PEER="${CMAKE_CURRENT_LIST_DIR}/hung_peer.py")
  screentime_warnings(it_source_reprobe)
  add_dependencies(it_source_reprobe screentimed screentimectl)
  add_test(NAME it_source_reprobe COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_source_reprobe>)
  set_tests_properties(it_source_reprobe PROPERTIES LABELS "integration;desktop" TIMEOUT 120)
endif()
