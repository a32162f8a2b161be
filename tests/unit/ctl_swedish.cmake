# screentimectl speaks Swedish when the user's locale says so. LANG=sv_SE.UTF-8 needs the
# locale to exist (TRAPS.md): it is generated into WORK and found through LOCPATH.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND localedef -i sv_SE -f UTF-8 ${WORK}/sv_SE.UTF-8
                RESULT_VARIABLE result ERROR_VARIABLE errors)
# localedef exits 1 when it only warned; the locale is written all the same.
if(NOT EXISTS ${WORK}/sv_SE.UTF-8/LC_MESSAGES)
  message(FATAL_ERROR "localedef failed (${result}): ${errors}\n"
                      "Is the locales package (/usr/share/i18n/locales/sv_SE) installed?")
endif()

function(run_ctl output_var)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env --unset=LC_ALL --unset=LC_MESSAGES LOCPATH=${WORK}
            LANGUAGE=sv LANG=sv_SE.UTF-8 SCREENTIME_LOCALEDIR=${LOCALEDIR}
            SCREENTIME_RESOURCES_DIR=${RESOURCES} ${CTL} ${ARGN}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "screentimectl ${ARGN} exited ${result}:\n${output}${errors}")
  endif()
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

run_ctl(resources resources)
expect("${resources}" "Om du eller någon i din närhet har det svårt\n  BRIS")
expect("${resources}" "116 111")
expect("${resources}" "https://mind.se")
expect("${resources}" "Välmående\n  1177 Vårdguiden")

run_ctl(wellbeing resources --category wellbeing --json)
expect("${wellbeing}" "\"language\":\"sv\"")
expect("${wellbeing}" "https://www.1177.se")
message(STATUS "screentimectl speaks Swedish")
