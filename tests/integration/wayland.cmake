# WaylandIdleSource against screentime_test_compositor (tests/wayland_compositor), a real
# compositor the test starts in an XDG_RUNTIME_DIR of its own: no desktop session needed.
# Included by CMakeLists.txt.
add_executable(it_wayland_idle_source wayland_idle_source_test.cpp)
target_link_libraries(it_wayland_idle_source PRIVATE screentime_wayland screentime_system
                                                     screentime_test_compositor_driver
                                                     GTest::gtest_main)
target_compile_definitions(it_wayland_idle_source PRIVATE
  SCREENTIME_TEST_COMPOSITOR="$<TARGET_FILE:screentime_test_compositor>")
screentime_warnings(it_wayland_idle_source)
add_dependencies(it_wayland_idle_source screentime_test_compositor)

add_test(NAME it_wayland_idle_source COMMAND it_wayland_idle_source)
set_tests_properties(it_wayland_idle_source PROPERTIES LABELS integration TIMEOUT 120)

# The real screentimed choosing its input source in a Wayland session: the test compositor
# for the compositor, the private desktop session's Xvfb for Xwayland, its logind mock for a
# session of Type wayland. Registered only where that session exists.
if(EXISTS ${SCREENTIME_TESTENV})
  add_executable(it_wayland_session wayland_session_test.cpp)
  target_link_libraries(it_wayland_session PRIVATE screentime_it_support
                                                   screentime_test_compositor_driver
                                                   GTest::gtest_main)
  target_compile_definitions(it_wayland_session PRIVATE
    SCREENTIMED="$<TARGET_FILE:screentimed>" SCREENTIMECTL="$<TARGET_FILE:screentimectl>"
    SCREENTIME_TEST_COMPOSITOR="$<TARGET_FILE:screentime_test_compositor>"
    SCREENTIME_HUNG_COMPOSITOR="${CMAKE_CURRENT_LIST_DIR}/hung_compositor.py")
  screentime_warnings(it_wayland_session)
  add_dependencies(it_wayland_session screentimed screentimectl screentime_test_compositor)
  add_test(NAME it_wayland_session COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_wayland_session>)
  set_tests_properties(it_wayland_session PROPERTIES LABELS "integration;desktop" TIMEOUT 120)
endif()
