# X11IdleSource and X11FullscreenWatch against the Xvfb of a private desktop session, with
# input from testenv-input and a server restart from testenv-x. Included by CMakeLists.txt
# (after SCREENTIME_WITH_TESTENV is set); registered only under with-desktop-session: without it
# there is no X server.
add_executable(it_x11_idle_source x11_idle_source_test.cpp)
target_link_libraries(it_x11_idle_source PRIVATE screentime_it_support screentime_x11 screentime_system spdlog::spdlog
                                                 GTest::gtest_main)
screentime_warnings(it_x11_idle_source)

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_x11_idle_source_desktop
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_x11_idle_source>)
  # Its last case restarts the test session's X server on the same display number, and the
  # session restarts dunst with it. Run alone: another test's session starting meanwhile can
  # take the freed display ("xvfb exited while waiting for Xvfb to come back"). On a loaded
  # machine dunst sometimes dies before it owns its name ("dunst exited before owning
  # org.freedesktop.Notifications"), which says nothing about screentime: more runs then (a
  # clean CI run saw two in a row fail that way); a real failure fails them all.
  set_tests_properties(it_x11_idle_source_desktop PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120 RUN_SERIAL TRUE REPEAT UNTIL_PASS:4)
endif()
