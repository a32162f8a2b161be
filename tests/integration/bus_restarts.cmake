# The real screentimed while its system bus or session bus goes away and comes back at the same
# address: each case runs a dbus-daemon of its own in place of the desktop session's bus, with
# the session's mock logind (from the test environment's lib/) or python-dbusmock's notification
# server on it. Included by CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set); registered
# only where the private desktop session exists.
if(NOT SCREENTIME_WITH_TESTENV)
  return()
endif()
get_filename_component(testenv_dir ${SCREENTIME_TESTENV} DIRECTORY)
add_executable(it_bus_restarts ${CMAKE_CURRENT_LIST_DIR}/bus_restarts_test.cpp)
target_link_libraries(it_bus_restarts PRIVATE screentime_it_support GTest::gtest_main)
target_compile_definitions(it_bus_restarts PRIVATE
  SCREENTIMED="$<TARGET_FILE:screentimed>" SCREENTIMECTL="$<TARGET_FILE:screentimectl>"
  SCREENTIME_TESTENV_LIB="${testenv_dir}/lib")
screentime_warnings(it_bus_restarts)
add_dependencies(it_bus_restarts screentimed screentimectl)

foreach(case SystemBusRestarts.TrackingGoesOnWithoutItAndLogindIsFollowedAgainWhenItIsBack
             SessionBusRestarts.TrackingGoesOnWithoutItAndRemindersAreLogged)
  string(REPLACE "." "_" name ${case})
  add_test(NAME it_bus_restarts_${name}
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_bus_restarts> --gtest_filter=${case})
  set_tests_properties(it_bus_restarts_${name} PROPERTIES LABELS "integration;desktop" TIMEOUT 60)
endforeach()
