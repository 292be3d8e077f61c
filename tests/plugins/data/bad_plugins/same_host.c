/* Claims good.example.com, which newsarc_good.so claims too: whichever loads second is refused. */
#include "common.h"

static const char *const hosts[] = {"good.example.com", NULL};

NEWSARC_EXPORT const newsarc_plugin *newsarc_same_host_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table;
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
    table.id = "same_host";
    table.version = "1.0";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = test_extract;
    return &table;
}
