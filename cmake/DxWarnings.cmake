# dx_target_warnings(<target>): the project's warning set, per target.
function(dx_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>)
  if(DX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
