/* A well-formed plugin in plain C: the loader accepts it. */
#include "common.h"

static const char *const hosts[] = {"good.example.com", "*.good.example.org", NULL};

NEWSARC_EXPORT const newsarc_plugin *newsarc_good_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table;
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
    table.id = "good";
    table.version = "1.0";
    table.hosts = hosts;
    table.priority = 10;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = test_extract;
    return &table;
}
