# hardwood_add_model(): compile a model at build time with the installed
# `hardwood` and link it like any library. Installed with the CMake package
# and included by HardwoodConfig.cmake:
#
#   find_package(Hardwood CONFIG REQUIRED)
#   hardwood_add_model(classifier MODEL model.json
#                      [MCPU znver4] [MATTR +avx512f,...] [MTRIPLE triple]
#                      [TARGET x86-64-v3]      # a --target alias instead of MCPU
#                      [KINDS proba predict]   # kinds the program calls
#                      [INPUT_TYPE f32|f64] [OPTIONS ...])
#   target_link_libraries(app PRIVATE classifier)
#   // app.c: #include "classifier.h"  (kernels classifier_proba(...), and
#   //        hardwood_model_classifier() for hw_model_from_descriptor)
#
# The model is compiled by a custom command that depends on the model file
# and on the hardwood executable, so editing (or touching) the model
# recompiles it and relinks what uses it. NAME is the C symbol prefix and
# the target's name; the static library and NAME.h go to
# ${CMAKE_CURRENT_BINARY_DIR}/hardwood/NAME/, the target's include
# directory. The target links the runtime (Hardwood::hardwood_runtime) and
# libm. KINDS is checked at build time: the build fails if the model lacks
# one (a model always has every kind it supports).
include_guard(GLOBAL)

set(_HARDWOOD_MODEL_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(hardwood_add_model name)
  cmake_parse_arguments(PARSE_ARGV 1 HW
    "" "MODEL;MCPU;MATTR;MTRIPLE;TARGET;INPUT_TYPE" "KINDS;OPTIONS")
  if(HW_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "hardwood_add_model(${name}): unknown arguments: ${HW_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT HW_MODEL)
    message(FATAL_ERROR "hardwood_add_model(${name}): MODEL is required")
  endif()
  if(HW_TARGET AND HW_MCPU)
    message(FATAL_ERROR
      "hardwood_add_model(${name}): give TARGET (an alias) or MCPU, not both")
  endif()
  if(NOT TARGET Hardwood::hardwood)
    message(FATAL_ERROR "hardwood_add_model(${name}): this Hardwood package "
      "has no hardwood compiler (Hardwood::hardwood); it was installed "
      "without HARDWOOD_BUILD_COMPILER")
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "hardwood_add_model(${name}): the name must be a C "
      "identifier (it prefixes the model's C symbols)")
  endif()
  get_filename_component(model "${HW_MODEL}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/hardwood/${name}")
  set(archive "${dir}/lib${name}.a")
  set(header "${dir}/${name}.h")
  set(args compile "${model}" -o "${archive}" --emit static
    --header "${header}" --name "${name}" --quiet)
  foreach(option TARGET MCPU MATTR MTRIPLE INPUT_TYPE)
    if(HW_${option})
      string(TOLOWER "${option}" flag)
      string(REPLACE "_" "-" flag "${flag}")
      list(APPEND args "--${flag}=${HW_${option}}")
    endif()
  endforeach()
  list(APPEND args ${HW_OPTIONS})
  set(check "")
  if(HW_KINDS)
    string(REPLACE ";" "," kinds "${HW_KINDS}")
    set(check COMMAND "${CMAKE_COMMAND}" -DHEADER=${header} -DNAME=${name}
      -DKINDS=${kinds} -DMODEL=${model}
      -P "${_HARDWOOD_MODEL_DIR}/HardwoodCheckKinds.cmake")
  endif()
  add_custom_command(
    OUTPUT "${archive}" "${header}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
    COMMAND Hardwood::hardwood ${args}
    ${check}
    DEPENDS "${model}" "$<TARGET_FILE:Hardwood::hardwood>"
    COMMENT "Hardwood: compiling model ${name} from ${HW_MODEL}"
    VERBATIM)
  add_custom_target(${name}_hardwood_model DEPENDS "${archive}" "${header}")
  # An INTERFACE target naming the archive by path: consumers relink when it
  # changes, and depend on the custom target that makes it.
  add_library(${name} INTERFACE)
  add_dependencies(${name} ${name}_hardwood_model)
  target_include_directories(${name} INTERFACE "${dir}")
  target_link_libraries(${name} INTERFACE "${archive}"
    Hardwood::hardwood_runtime m)
  set_target_properties(${name} PROPERTIES
    HARDWOOD_MODEL "${model}" HARDWOOD_HEADER "${header}"
    HARDWOOD_ARCHIVE "${archive}")
endfunction()
