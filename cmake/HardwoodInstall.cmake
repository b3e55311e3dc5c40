# Installs the CMake package config so C/C++ programs can
# find_package(Hardwood) and link a compiled model plus the runtime.
include(CMakePackageConfigHelpers)
set(HARDWOOD_CMAKE_INSTALL_DIR lib/cmake/Hardwood)

# The installed tools load libMLIR.so and libLLVM.so from LLVM's own lib
# directory (/usr/lib/llvm-19/lib), which is not on the loader's path: keep
# it in their RPATH (CMake would otherwise clear the RPATH on install).
foreach(tool hardwood hardwood-opt)
  if(TARGET ${tool})
    set_target_properties(${tool} PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
  endif()
endforeach()
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
