/* Built for ABI major 2: the loader must refuse it before reading anything past the version. */
#include "common.h"

static const char *const hosts[] = {"major.example.com", NULL};

NEWSARC_EXPORT const newsarc_plugin *newsarc_wrong_major_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table;
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR + 1;
    table.abi_minor = 0;
    table.id = "wrong_major";
    table.version = "1.0";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = test_extract;
    return &table;
}
