# ASan + UBSan for the whole build. UBSan only reports and goes on unless recovery is off,
# so a finding fails the test that triggered it.
if(SCREENTIME_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
