# The project's warning set, applied to our own targets only; third-party headers are SYSTEM.
function(screentime_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-qual
    -Woverloaded-virtual -Wsuggest-override -Wextra-semi -Wmissing-declarations
    -Wimplicit-fallthrough -Wformat=2 -Wundef)
  if(SCREENTIME_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
