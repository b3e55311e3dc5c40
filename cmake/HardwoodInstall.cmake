# Installs the CMake package config so C/C++ programs can
# find_package(Hardwood) and link a compiled model plus the runtime.
include(CMakePackageConfigHelpers)
set(HARDWOOD_CMAKE_INSTALL_DIR lib/cmake/Hardwood)
if(TARGET hardwood_runtime)
  install(EXPORT HardwoodTargets NAMESPACE Hardwood::
          DESTINATION ${HARDWOOD_CMAKE_INSTALL_DIR})
endif()
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/HardwoodConfig.cmake.in
  ${PROJECT_BINARY_DIR}/HardwoodConfig.cmake
  INSTALL_DESTINATION ${HARDWOOD_CMAKE_INSTALL_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/HardwoodConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/HardwoodConfig.cmake
              ${PROJECT_BINARY_DIR}/HardwoodConfigVersion.cmake
        DESTINATION ${HARDWOOD_CMAKE_INSTALL_DIR})
