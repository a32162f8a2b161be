# Checks the systemd user unit with systemd-analyze (no systemd runs in CI): fills in the
# unit's paths with the build tree's, since verify checks that ExecStart exists.
file(READ ${UNIT_IN} unit)
string(REPLACE "@SCREENTIME_BIN_DIR@" "${BIN_DIR}" unit "${unit}")
string(REPLACE "@SCREENTIME_DOC_DIR@" "${DOC_DIR}" unit "${unit}")
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/runtime)
file(WRITE ${OUT}/screentimed.service "${unit}")
execute_process(COMMAND env XDG_RUNTIME_DIR=${OUT}/runtime systemd-analyze --user verify
                        ${OUT}/screentimed.service
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0 OR NOT output STREQUAL "")
  message(FATAL_ERROR "systemd-analyze verify: exit ${status}\n${output}")
endif()
