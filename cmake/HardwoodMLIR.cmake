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
function(hardwood_compiler_target target)
  target_include_directories(${target} SYSTEM PUBLIC
    ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  target_include_directories(${target} PUBLIC
    ${PROJECT_SOURCE_DIR}/compiler/include
    ${PROJECT_BINARY_DIR}/compiler/include
    ${PROJECT_SOURCE_DIR}/passes/include
    ${PROJECT_BINARY_DIR}/passes/include
    ${PROJECT_SOURCE_DIR}/targets/include
    ${PROJECT_SOURCE_DIR}/runtime/include)
  target_compile_options(${target} PRIVATE ${HARDWOOD_LLVM_DEFINITIONS}
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>)
  target_link_libraries(${target} PUBLIC MLIR LLVM)
endfunction()

# lld links against libMLIR.so ten times faster than GNU ld.
if(EXISTS "${HARDWOOD_LLVM_ROOT}/bin/ld.lld")
  add_link_options("-fuse-ld=lld" "-B${HARDWOOD_LLVM_ROOT}/bin")
endif()
