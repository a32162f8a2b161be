# DoNotDisturbWatch against the real dunst of a private desktop session (dunstctl set-paused,
# server restarts) and stand-in servers the test serves while dunst is stopped. Included by
# CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set); registered only where that session exists.
add_executable(it_do_not_disturb ${CMAKE_CURRENT_LIST_DIR}/it_do_not_disturb.cpp)
target_link_libraries(it_do_not_disturb PRIVATE screentime_it_support screentime_desktop
                                                GTest::gtest_main)
screentime_warnings(it_do_not_disturb)

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_do_not_disturb
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_do_not_disturb>)
  set_tests_properties(it_do_not_disturb PROPERTIES LABELS "integration;desktop" TIMEOUT 60)
endif()
