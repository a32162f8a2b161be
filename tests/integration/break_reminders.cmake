# Take-a-break reminders end to end, each case in a desktop session of its own (they read
# and answer the same notification server), so CTest can run them side by side.
# Included by CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set).
if(NOT SCREENTIME_WITH_TESTENV)
  return()
endif()
add_executable(it_break_reminders break_reminders_test.cpp)
target_link_libraries(it_break_reminders PRIVATE screentime_it_support screentime_store
                                                 GTest::gtest_main)
target_compile_definitions(it_break_reminders PRIVATE
  SCREENTIMED="$<TARGET_FILE:screentimed>" SCREENTIMECTL="$<TARGET_FILE:screentimectl>"
  SCREENTIME_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  SCREENTIME_BUILD_LOCALEDIR="${CMAKE_BINARY_DIR}/locale")
screentime_warnings(it_break_reminders)
add_dependencies(it_break_reminders screentimed screentimectl)

foreach(case AppearsWithItsActionsAndSnoozeBringsItBack SkipAndTakeAreRecorded
             BeingAwayForTheBreaksLengthIsTheBreak HeldBackWhileTheServerIsInDoNotDisturb
             SpeaksSwedishInASwedishLocale TimersGoOnAfterARestart
             AWaybarWatcherSeesTheCountdownStartAgainAfterABreak
             AWeeklySummaryAtTheWeeksFirstUseOpensLastWeeksReport)
  add_test(NAME it_break_reminders_${case}
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_break_reminders>
                   --gtest_filter=BreakReminders.${case})
  set_tests_properties(it_break_reminders_${case} PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120)
endforeach()
