# The real screentimed while logind holds its answers (hung_peer.py takes logind's name from
# the test session's mock). The peer takes the session's logind for good, so each case runs
# alone in a private desktop session of its own. Included by CMakeLists.txt (after
# SCREENTIME_WITH_TESTENV is set); registered only where that session exists.
if(SCREENTIME_WITH_TESTENV)
  add_executable(it_hung_logind ${CMAKE_CURRENT_LIST_DIR}/hung_logind_test.cpp)
  target_link_libraries(it_hung_logind PRIVATE screentime_it_support GTest::gtest_main)
  target_compile_definitions(it_hung_logind PRIVATE
    SCREENTIMED="$<TARGET_FILE:screentimed>" SCREENTIMECTL="$<TARGET_FILE:screentimectl>"
    SCREENTIME_HUNG_PEER="${CMAKE_CURRENT_LIST_DIR}/hung_peer.py")
  screentime_warnings(it_hung_logind)
  add_dependencies(it_hung_logind screentimed screentimectl)
  foreach(case StatusAnswersWhileLogindHoldsItsFirstAnswer
               StatusAnswersWhileARestartedLogindHoldsItsAnswers)
    add_test(NAME it_hung_logind_${case}
             COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_hung_logind>
                     --gtest_filter=HungLogind.${case})
    set_tests_properties(it_hung_logind_${case} PROPERTIES LABELS "integration;desktop"
                         TIMEOUT 60)
  endforeach()
endif()
