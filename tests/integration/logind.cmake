# LogindSessionSource against the mock logind of a private desktop session, driven by
# testenv-logind. Included by CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set); registered
# only under with-desktop-session: without it there is no logind to talk to.
add_executable(it_logind_source logind_source_test.cpp)
target_link_libraries(it_logind_source PRIVATE screentime_it_support screentime_activity screentime_system
                                               GTest::gtest_main)
screentime_warnings(it_logind_source)

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_logind_source_desktop
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_logind_source>)
  set_tests_properties(it_logind_source_desktop PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120)
endif()

# LogindSessions (every session, for the system role) against the same mock logind.
add_executable(it_logind_sessions logind_sessions_test.cpp)
target_link_libraries(it_logind_sessions PRIVATE screentime_it_support screentime_activity
                                                 screentime_system GTest::gtest_main)
screentime_warnings(it_logind_sessions)

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_logind_sessions_desktop
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_logind_sessions>)
  set_tests_properties(it_logind_sessions_desktop PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120)
endif()

# The system role (screentimed --system) enforcing a limits file against the mock logind.
if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_system_role_desktop
           COMMAND ${SCREENTIME_TESTENV} -- bash ${CMAKE_CURRENT_SOURCE_DIR}/system_role.sh
                   $<TARGET_FILE:screentimed> $<TARGET_FILE:screentimectl>)
  set_tests_properties(it_system_role_desktop PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120)
  # pam_screentime with pamtester, against the system role (needs root: a mount namespace).
  add_test(NAME it_pam_screentime_desktop
           COMMAND ${SCREENTIME_TESTENV} -- bash ${CMAKE_CURRENT_SOURCE_DIR}/pam.sh
                   $<TARGET_FILE:screentimed> $<TARGET_FILE:pam_screentime>)
  set_tests_properties(it_pam_screentime_desktop PROPERTIES LABELS "integration;desktop"
                       TIMEOUT 120)
endif()
