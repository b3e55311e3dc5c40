# HARDWOOD_SANITIZE and HARDWOOD_FUZZ: every target of the build is compiled
# and linked with the sanitizers, and with libFuzzer's coverage
# instrumentation when fuzzing. A sanitizer the toolchain cannot build with
# (clang-19's runtime is Debian's libclang-rt-19-dev) is a configure error,
# never a silently uninstrumented build.
include(CheckCXXSourceCompiles)

# Checks that a program builds and links with `flags`; fails the configure
# with `why` otherwise. The cache variable is named after the flags, so a
# changed option is checked again.
function(hardwood_require_flags flags why program)
  string(MAKE_C_IDENTIFIER "HARDWOOD_FLAGS_WORK_${flags}" result)
  if(NOT ${result})
    unset(${result} CACHE) # check again once the runtime is installed
  endif()
  set(CMAKE_REQUIRED_FLAGS "${flags}")
  set(CMAKE_REQUIRED_LINK_OPTIONS "${flags}")
  check_cxx_source_compiles("${program}" ${result})
  if(NOT ${result})
    message(FATAL_ERROR "${CMAKE_CXX_COMPILER} cannot build with ${flags}: "
      "${why}. Install libclang-rt-19-dev (scripts/setup.sh does) and "
      "configure with clang-19; the compiler's output is in the CMake error "
      "log of the build directory.")
  endif()
endfunction()

if(HARDWOOD_SANITIZE)
  hardwood_require_flags("-fsanitize=${HARDWOOD_SANITIZE}"
    "HARDWOOD_SANITIZE=${HARDWOOD_SANITIZE}" "int main() { return 0; }")
  # Stop at the first report (UBSan would otherwise print and go on), keep
  # frames for readable stacks.
  add_compile_options(-fsanitize=${HARDWOOD_SANITIZE}
    -fno-sanitize-recover=all -fno-omit-frame-pointer -gline-tables-only)
  add_link_options(-fsanitize=${HARDWOOD_SANITIZE})
endif()

if(HARDWOOD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HARDWOOD_FUZZ needs clang (libFuzzer)")
  endif()
  if(NOT HARDWOOD_SANITIZE)
    message(FATAL_ERROR
      "HARDWOOD_FUZZ needs HARDWOOD_SANITIZE (e.g. address,undefined)")
  endif()
  hardwood_require_flags("-fsanitize=fuzzer,${HARDWOOD_SANITIZE}"
    "HARDWOOD_FUZZ (libFuzzer)"
    "#include <cstddef>\n#include <cstdint>\nextern \"C\" int LLVMFuzzerTestOneInput(const uint8_t *, size_t) { return 0; }")
  # Coverage feedback for libFuzzer from every library; the fuzz targets add
  # -fsanitize=fuzzer (libFuzzer's main) themselves. The sanitizer runtime
  # provides the coverage callbacks to the other executables.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
