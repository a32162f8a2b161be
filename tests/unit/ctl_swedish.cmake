# screentimectl and screentimed speak Swedish when the user's locale says so. LANG=sv_SE.UTF-8
# needs the locale to exist (glibc ignores one not generated): it is generated into WORK and found through LOCPATH.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND localedef -i sv_SE -f UTF-8 ${WORK}/sv_SE.UTF-8
                RESULT_VARIABLE result ERROR_VARIABLE errors)
# localedef exits 1 when it only warned; the locale is written all the same.
if(NOT EXISTS ${WORK}/sv_SE.UTF-8/LC_MESSAGES)
  message(FATAL_ERROR "localedef failed (${result}): ${errors}\n"
                      "Is the locales package (/usr/share/i18n/locales/sv_SE) installed?")
endif()

# Runs `program` in Swedish; `expected_exit` is its exit status; output_var gets stdout and
# stderr together.
function(run_swedish output_var expected_exit program)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env --unset=LC_ALL --unset=LC_MESSAGES LOCPATH=${WORK}
            LANGUAGE=sv LANG=sv_SE.UTF-8 SCREENTIME_LOCALEDIR=${LOCALEDIR}
            ${program} ${ARGN}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
  if(NOT result EQUAL expected_exit)
    message(FATAL_ERROR "${program} ${ARGN} exited ${result}, not ${expected_exit}:\n"
                        "${output}${errors}")
  endif()
  set(${output_var} "${output}${errors}" PARENT_SCOPE)
endfunction()

function(run_ctl output_var)
  run_swedish(output 0 ${CTL} ${ARGN})
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

function(expect output text)
  string(FIND "${output}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected \"${text}\" in:\n${output}")
  endif()
endfunction()

run_ctl(help --help)
expect("${help}" "Användning:")
expect("${help}" "Underkommandon:")
expect("${help}" "Visa den här hjälptexten och avsluta")
expect("${help}" "skärmtid")

run_ctl(pause_help pause --help)
expect("${pause_help}" "pausa påminnelserna en stund")
expect("${pause_help}" "hur länge, till exempel 1h, 30m eller 1h30m")
# A bad time is a usage error (2), said in Swedish before any daemon is asked.
run_swedish(bad_until 2 ${CTL} pause --until 25:00)
expect("${bad_until}" "förväntade HH:MM eller ett datum och en tid")

run_swedish(daemon_help 0 ${DAEMON} --help)
expect("${daemon_help}" "screentimed: vet när skärmen används och sparar historiken")
expect("${daemon_help}" "Användning:")
expect("${daemon_help}" "Flaggor:")
expect("${daemon_help}" "Visa den här hjälptexten och avsluta")
expect("${daemon_help}" "skriv pauspåminnelserna till loggen")

# `resources` is asked of a running daemon: tests/integration/ctl_resources_test.cpp.
message(STATUS "screentimectl and screentimed speak Swedish")
