# make install / make package: the binary, the static library with its public headers, a CMake
# package (find_package(nnact CONFIG) -> nnact::nnact), a pkg-config file, the man page, the bash
# completion and the license. Proven by tests/ecosystem/ (a consumer project, the .deb contents).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(NNACT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nnact)

install(TARGETS nnact_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS nnact EXPORT nnactTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY lib/include/nnact DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT nnactTargets NAMESPACE nnact:: DESTINATION ${NNACT_CMAKE_DIR})
configure_package_config_file(cmake/nnactConfig.cmake.in ${PROJECT_BINARY_DIR}/nnactConfig.cmake
                              INSTALL_DESTINATION ${NNACT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nnactConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/nnactConfig.cmake ${PROJECT_BINARY_DIR}/nnactConfigVersion.cmake
        DESTINATION ${NNACT_CMAKE_DIR})

# pkg-config: the library is static, so what it links itself (lib/CMakeLists.txt's
# NNACT_SYSTEM_LIBS) belongs in Libs; Cflags carries -std=c++20 (nnact.pc.in).
list(TRANSFORM NNACT_SYSTEM_LIBS PREPEND -l OUTPUT_VARIABLE NNACT_PC_LIBS)
list(JOIN NNACT_PC_LIBS " " NNACT_PC_LIBS)
# The prefix is found from the .pc file's own place, so `cmake --install --prefix DIR` works too.
file(RELATIVE_PATH NNACT_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(cmake/nnact.pc.in ${PROJECT_BINARY_DIR}/nnact.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/nnact.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES completion/nnact.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME nnact)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page: man/nnact.1.md (Markdown, checked against --help by a test) -> nnact.1.gz.
find_program(NNACT_MD2MAN go-md2man)
if(NNACT_MD2MAN)
  set(NNACT_MAN ${PROJECT_BINARY_DIR}/nnact.1)
  add_custom_command(OUTPUT ${NNACT_MAN}.gz
                     COMMAND ${NNACT_MD2MAN} -in ${PROJECT_SOURCE_DIR}/man/nnact.1.md -out ${NNACT_MAN}
                     COMMAND gzip -n -9 -f -k ${NNACT_MAN}
                     DEPENDS ${PROJECT_SOURCE_DIR}/man/nnact.1.md
                     COMMENT "Man page nnact.1 from man/nnact.1.md")
  add_custom_target(nnact_man ALL DEPENDS ${NNACT_MAN}.gz)
  install(FILES ${NNACT_MAN}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "go-md2man not found (apt-get install go-md2man): the man page is not built or installed")
endif()

# make package: a .deb of all the above; dpkg-shlibdeps works out the runtime library dependencies.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME nnact)
set(CPACK_PACKAGE_VENDOR "nnact developers")
set(CPACK_PACKAGE_CONTACT "nnact developers <nnact@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "apply neural-network activations (as tf.nn) to CSV, JSON, npy and text")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
include(CPack)
