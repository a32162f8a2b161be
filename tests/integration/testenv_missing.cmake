# Registered in place of the desktop integration tests when their test environment is missing:
# fails, so that a run without them is not taken for a pass.
message(FATAL_ERROR "the desktop test environment ${TESTENV} is missing: the desktop "
                    "integration tests cannot run. Put it there and configure again, or "
                    "configure with -DSCREENTIME_DESKTOP_TESTS=OFF to leave them out on purpose.")
