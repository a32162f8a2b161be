# The real screentimed while the desktop session's peers restart (the notification server,
# logind, the X server), each case in a private desktop session of its own. Included by
# CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set); registered only where that session
# exists.
if(NOT SCREENTIME_WITH_TESTENV)
  return()
endif()
add_executable(it_peer_restarts ${CMAKE_CURRENT_LIST_DIR}/peer_restarts_test.cpp)
target_link_libraries(it_peer_restarts PRIVATE screentime_it_support screentime_store
                                               GTest::gtest_main)
target_compile_definitions(it_peer_restarts PRIVATE
  SCREENTIMED="$<TARGET_FILE:screentimed>" SCREENTIMECTL="$<TARGET_FILE:screentimectl>")
screentime_warnings(it_peer_restarts)
add_dependencies(it_peer_restarts screentimed screentimectl)

foreach(case AReminderIsShownAgainByARestartedNotificationServer
             TrackingGoesOnThroughALogindRestart)
  add_test(NAME it_peer_restarts_${case}
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_peer_restarts>
                   --gtest_filter=PeerRestarts.${case})
  set_tests_properties(it_peer_restarts_${case} PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 60)
endforeach()
# The X server's restart frees its display number for a moment: another session starting then
# could take it ("xvfb exited while waiting for Xvfb to come back"), so this one runs alone.
add_test(NAME it_peer_restarts_InputIsSeenAgainAfterTheXServerRestarts
         COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_peer_restarts>
                 --gtest_filter=PeerRestarts.InputIsSeenAgainAfterTheXServerRestarts)
set_tests_properties(it_peer_restarts_InputIsSeenAgainAfterTheXServerRestarts PROPERTIES
                     LABELS "integration;desktop" TIMEOUT 60 RUN_SERIAL TRUE)
