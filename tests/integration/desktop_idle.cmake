# GnomeIdleSource and ScreensaverIdleSource against the Mutter IdleMonitor and ScreenSaver
# mocks of a private desktop session, with real X input (testenv-input). Included by
# CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set); registered only where that session exists.
add_executable(it_desktop_idle desktop_idle_test.cpp)
target_link_libraries(it_desktop_idle PRIVATE screentime_it_support screentime_desktop screentime_system
                                              nlohmann_json::nlohmann_json GTest::gtest_main)
screentime_warnings(it_desktop_idle)

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_desktop_idle
           COMMAND ${SCREENTIME_TESTENV} --with-gnome-idle-mock --with-screensaver-mock --
                   $<TARGET_FILE:it_desktop_idle> --gtest_filter=DesktopIdleTest.*)
  set_tests_properties(it_desktop_idle PROPERTIES LABELS "integration;desktop" TIMEOUT 120)
  # Where neither service runs: the sources decline, and a fake Mutter served by the test
  # signals WatchFired before it answers (the mock never does).
  add_test(NAME it_desktop_idle_without_mocks
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_desktop_idle>
                   --gtest_filter=DesktopIdleWithoutMocks.*)
  set_tests_properties(it_desktop_idle_without_mocks PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 60)
endif()
