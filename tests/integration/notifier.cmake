# LibnotifyNotifier against the real dunst of a private desktop session (read through the
# session's recorder, clicked through dunst's own menu), and once with no session bus at all.
# Included by CMakeLists.txt (after SCREENTIME_WITH_TESTENV is set).
add_executable(it_notifier it_notifier.cpp)
target_link_libraries(it_notifier PRIVATE screentime_it_support screentime_notify spdlog::spdlog
                                          nlohmann_json::nlohmann_json GTest::gtest_main)
target_compile_definitions(it_notifier PRIVATE
  SCREENTIME_SOURCE_ICON="${PROJECT_SOURCE_DIR}/data/icons/screentime.svg")
screentime_warnings(it_notifier)

add_test(NAME it_notifier_without_bus
         COMMAND $<TARGET_FILE:it_notifier> --gtest_filter=NotifierWithoutBus.*:ConsoleNotifier.*)
set_tests_properties(it_notifier_without_bus PROPERTIES LABELS integration TIMEOUT 30
  ENVIRONMENT "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus")

if(SCREENTIME_WITH_TESTENV)
  add_test(NAME it_notifier
           COMMAND ${SCREENTIME_TESTENV} -- $<TARGET_FILE:it_notifier>
                   --gtest_filter=NotifierTest.*)
  set_tests_properties(it_notifier PROPERTIES LABELS "integration;desktop" TIMEOUT 120)
endif()
