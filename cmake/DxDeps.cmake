# Dependencies, all from Debian, wrapped as imported targets dx::<name>.
find_package(PkgConfig REQUIRED)

# Xapian 1.4 ships a CMake config (libxapian-dev).
find_package(Xapian CONFIG REQUIRED)
add_library(dx::xapian INTERFACE IMPORTED)
target_include_directories(dx::xapian INTERFACE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(dx::xapian INTERFACE ${XAPIAN_LIBRARIES})

# MeCab 0.996 has no .pc file: ask mecab-config (libmecab-dev).
find_program(MECAB_CONFIG mecab-config REQUIRED)
execute_process(COMMAND ${MECAB_CONFIG} --inc-dir
  OUTPUT_VARIABLE MECAB_INC OUTPUT_STRIP_TRAILING_WHITESPACE)
find_library(MECAB_LIB mecab REQUIRED)
add_library(dx::mecab INTERFACE IMPORTED)
target_include_directories(dx::mecab INTERFACE ${MECAB_INC})
target_link_libraries(dx::mecab INTERFACE ${MECAB_LIB})
# The user dictionary compiler (mecab-utils), in MeCab's libexec folder.
execute_process(COMMAND ${MECAB_CONFIG} --libexecdir
  OUTPUT_VARIABLE MECAB_LIBEXEC OUTPUT_STRIP_TRAILING_WHITESPACE)
find_program(DX_MECAB_DICT_INDEX mecab-dict-index
  HINTS ${MECAB_LIBEXEC} /usr/lib/mecab /usr/libexec/mecab REQUIRED)

pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
add_library(dx::utf8proc ALIAS PkgConfig::UTF8PROC)
add_library(dx::cmark ALIAS PkgConfig::CMARK)
add_library(dx::libxml2 ALIAS PkgConfig::LIBXML2)
# XXH3-64 content hashes for the incremental manifest (libxxhash-dev).
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
add_library(dx::xxhash ALIAS PkgConfig::XXHASH)

find_package(Threads REQUIRED)
