# LogindIdleInhibitors and GnomeSessionInhibitors against the mock logind and the mock
# gnome-session of a private desktop session, driven by testenv-logind and
# testenv-gnome-session. Included by CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set);
# registered only under with-desktop-session: without it there are no mocks to talk to.
add_executable(it_idle_inhibitors idle_inhibitors_test.cpp)
target_link_libraries(it_idle_inhibitors PRIVATE screentime_it_support screentime_activity spdlog::spdlog
                                                 GTest::gtest_main)
screentime_warnings(it_idle_inhibitors)

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_idle_inhibitors_desktop
           COMMAND ${SCREENTIME_TESTENV} --with-gnome-session-mock --
                   $<TARGET_FILE:it_idle_inhibitors>)
  set_tests_properties(it_idle_inhibitors_desktop PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120)
endif()
