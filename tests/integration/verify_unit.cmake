# Checks a systemd unit with systemd-analyze (no systemd runs in CI): fills in the unit's paths
# with the build tree's, since verify checks that ExecStart exists. MODE is "user" or
# "system". With MAX_EXPOSURE (systemd-analyze security's 0-100 scale, 14 printed as 1.4), the
# unit's exposure is printed and must not be above it. With PASSED (a file of setting names, one
# a line), each must be among the settings systemd-analyze security passes ("✓"): the
# exposure score rounds to a tenth, so a single hardening line dropped may not move it.
file(READ ${UNIT_IN} unit)
string(REPLACE "@SCREENTIME_BIN_DIR@" "${BIN_DIR}" unit "${unit}")
string(REPLACE "@SCREENTIME_DOC_DIR@" "${DOC_DIR}" unit "${unit}")
get_filename_component(name ${UNIT_IN} NAME)
string(REGEX REPLACE "\\.in$" "" name "${name}")
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/runtime)
file(WRITE ${OUT}/${name} "${unit}")
execute_process(COMMAND env XDG_RUNTIME_DIR=${OUT}/runtime systemd-analyze --${MODE} verify
                        ${OUT}/${name}
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0 OR NOT output STREQUAL "")
  message(FATAL_ERROR "systemd-analyze verify: exit ${status}\n${output}")
endif()
if(DEFINED MAX_EXPOSURE)
  execute_process(COMMAND systemd-analyze security --offline=yes --threshold=${MAX_EXPOSURE}
                          ${OUT}/${name}
                  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  string(REGEX MATCH "Overall exposure level[^\n]*" overall "${output}")
  message(STATUS "${overall}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "systemd-analyze security: above ${MAX_EXPOSURE}\n${output}")
  endif()
endif()
if(DEFINED PASSED)
  execute_process(COMMAND systemd-analyze security --offline=yes ${OUT}/${name}
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  file(STRINGS ${PASSED} settings REGEX "^[^#]" ENCODING UTF-8)
  set(missing "")
  foreach(setting IN LISTS settings)
    string(FIND "${output}" "✓ ${setting} " found)
    if(found EQUAL -1)
      string(APPEND missing "  ${setting}\n")
    endif()
  endforeach()
  if(NOT missing STREQUAL "")
    message(FATAL_ERROR "hardening no longer passed by systemd-analyze security:\n${missing}")
  endif()
endif()
