# newsarc_add_module(<name> [DEPS targets...] [PRIVATE_DEPS targets...]): a STATIC library newsarc_<name> (alias
# newsarc::<name>) made of <folder>/src/*.cpp with public headers in <folder>/include/newsarc/<name>/. A module
# reaches another only through DEPS: its include folder is not on anyone else's path otherwise.
function(newsarc_add_module name)
    cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
    add_library(newsarc_${name} STATIC ${sources})
    add_library(newsarc::${name} ALIAS newsarc_${name})
    target_include_directories(newsarc_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
        PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(newsarc_${name} PUBLIC ${ARG_DEPS} PRIVATE newsarc_warnings ${ARG_PRIVATE_DEPS})
endfunction()
