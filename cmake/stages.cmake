# The pipeline's stages: directories under pipeline/, each compiled into an
# OBJECT library hoso_<stage>.
# stage -> the stages it uses
set(HOSO_STAGE_DEPS_core "")
set(HOSO_STAGE_DEPS_load "core")
set(HOSO_STAGE_DEPS_geometry "core")
set(HOSO_STAGE_DEPS_enhance "core")
set(HOSO_STAGE_DEPS_ocr "core")
set(HOSO_STAGE_DEPS_write "core")
set(HOSO_STAGE_DEPS_forms "core")
set(HOSO_STAGE_DEPS_flow "core;load;geometry;enhance;ocr;write;forms")
set(HOSO_STAGES core load geometry enhance ocr write forms flow)


# Object files of `stage` and everything it uses, for tests and tools.
function(hoso_stage_objects out stage)
  set(_seen "")
  set(_todo ${stage})
  while(_todo)
    list(POP_FRONT _todo s)
    if(NOT s IN_LIST _seen)
      list(APPEND _seen ${s})
      list(APPEND _todo ${HOSO_STAGE_DEPS_${s}})
    endif()
  endwhile()
  set(_objs "")
  foreach(s ${_seen})
    if(TARGET hoso_${s})
      list(APPEND _objs $<TARGET_OBJECTS:hoso_${s}>)
    endif()
  endforeach()
  set(${out} ${_objs} PARENT_SCOPE)
endfunction()

