# Installs the CMake package config so C/C++ programs can
# find_package(Hardwood), compile a model at build time (hardwood_add_model,
# with the exported Hardwood::hardwood executable) and link it plus the
# runtime; and hardwood.pc for pkg-config.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)
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
              ${CMAKE_CURRENT_LIST_DIR}/HardwoodModel.cmake
              ${CMAKE_CURRENT_LIST_DIR}/HardwoodCheckKinds.cmake
        DESTINATION ${HARDWOOD_CMAKE_INSTALL_DIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/hardwood.pc.in
               ${PROJECT_BINARY_DIR}/hardwood.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/hardwood.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
