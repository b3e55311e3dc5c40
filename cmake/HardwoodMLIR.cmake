# Finds Debian's LLVM/MLIR 19 and brings in the TableGen helpers.
# HandleLLVMOptions is deliberately not included: Debian's LLVM is built
# without exceptions and that module would force -fno-exceptions on the whole
# project (pybind11, GoogleTest and oneDNN need exceptions).
set(HARDWOOD_LLVM_ROOT "/usr/lib/llvm-19" CACHE PATH "LLVM/MLIR installation")
find_package(MLIR REQUIRED CONFIG
  HINTS "${HARDWOOD_LLVM_ROOT}/lib/cmake/mlir")
message(STATUS "Using MLIR ${LLVM_PACKAGE_VERSION} from ${MLIR_DIR}")

list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

set(HARDWOOD_LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")

# LLVM_DEFINITIONS already carries -D prefixes.
separate_arguments(HARDWOOD_LLVM_DEFINITIONS NATIVE_COMMAND ${LLVM_DEFINITIONS})

# Every compiler-side target links the two shared libraries; never the static
# component libraries (duplicate TypeIDs and cl::opt registrations). Warnings
# as LLVM builds itself: -Wall -Wextra without -Wunused-parameter (ODS
# generated code and interface overrides leave parameters unused by design).
# A target sees only MLIR's and LLVM's headers here; a library publishes its
# own include directory with hardwood_library_includes and reaches the others'
# headers only through target_link_libraries, so the layers in
# docs/design.md are what the compiler enforces (a pass including a driver
# header fails to compile; tests/layering checks it).
function(hardwood_compiler_target target)
  target_include_directories(${target} SYSTEM PUBLIC
    ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  target_compile_options(${target} PRIVATE ${HARDWOOD_LLVM_DEFINITIONS}
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>)
  target_link_libraries(${target} PUBLIC MLIR LLVM)
endfunction()

# Publishes a library's own include directory (DIR/include, DIR relative to
# the project root, and its twin in the build tree for TableGen output); its
# sources folder DIR/lib (private headers) stays private.
function(hardwood_library_includes target dir)
  target_include_directories(${target}
    PUBLIC ${PROJECT_SOURCE_DIR}/${dir}/include
           ${PROJECT_BINARY_DIR}/${dir}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/${dir}/lib)
endfunction()

# lld links against libMLIR.so ten times faster than GNU ld.
if(EXISTS "${HARDWOOD_LLVM_ROOT}/bin/ld.lld")
  add_link_options("-fuse-ld=lld" "-B${HARDWOOD_LLVM_ROOT}/bin")
endif()
