# newsarc_add_plugin(<id> SOURCES files...): builds plugins/<id>/ as lib/newsarc/plugins/newsarc_<id>.so (in the
# build tree and in the install prefix alike), exporting only newsarc_<id>_plugin.
# Plugins link the SDK only: no core or archive header can be included.
function(newsarc_add_plugin id)
    cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
    if(NOT id MATCHES "^[a-z0-9_]+$")
        message(FATAL_ERROR "plugin id '${id}' must match [a-z0-9_]+")
    endif()
    add_library(newsarc_plugin_${id} MODULE ${ARG_SOURCES})
    target_link_libraries(newsarc_plugin_${id} PRIVATE newsarc::plugin_sdk newsarc_warnings)
    target_compile_definitions(newsarc_plugin_${id} PRIVATE NEWSARC_PLUGIN_ID=${id})
    set_target_properties(newsarc_plugin_${id} PROPERTIES
        PREFIX ""
        OUTPUT_NAME newsarc_${id}
        LIBRARY_OUTPUT_DIRECTORY ${NEWSARC_PLUGIN_OUTPUT_DIR}
        CXX_VISIBILITY_PRESET hidden
        C_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    add_dependencies(newsarc_plugins newsarc_plugin_${id})
    install(TARGETS newsarc_plugin_${id} LIBRARY DESTINATION ${NEWSARC_INSTALL_PLUGIN_DIR})
endfunction()
