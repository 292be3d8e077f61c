/* A table whose struct_size ends before `extract`: refused, and nothing past struct_size is read. */
#include <stddef.h>

#include "common.h"

static const char *const hosts[] = {"tiny.example.com", NULL};

NEWSARC_EXPORT const newsarc_plugin *newsarc_tiny_table_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = (uint32_t)offsetof(newsarc_plugin, discover);
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
    table.id = "tiny_table";
    table.version = "1.0";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = test_extract;
    return &table;
}
