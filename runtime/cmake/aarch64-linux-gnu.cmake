# Cross-builds the runtime (and its tests) for 64-bit Arm Linux with Debian's
# aarch64-linux-gnu toolchain; tests run under qemu-aarch64 when present:
#   cmake -S runtime -B build-aarch64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=runtime/cmake/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(HARDWOOD_AARCH64_TRIPLE aarch64-linux-gnu)
set(HARDWOOD_AARCH64_SYSROOT /usr/${HARDWOOD_AARCH64_TRIPLE}
  CACHE PATH "Target libraries and headers for aarch64")

set(CMAKE_C_COMPILER ${HARDWOOD_AARCH64_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${HARDWOOD_AARCH64_TRIPLE}-g++)

# Libraries, headers and CMake packages come from the target's tree only;
# programs (ninja, python) from the host.
set(CMAKE_FIND_ROOT_PATH ${HARDWOOD_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest and gtest_discover_tests run target binaries through this; -L makes
# qemu find the aarch64 dynamic loader and libraries.
find_program(HARDWOOD_QEMU_AARCH64 qemu-aarch64)
if(HARDWOOD_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR
    ${HARDWOOD_QEMU_AARCH64} -L ${HARDWOOD_AARCH64_SYSROOT})
endif()
