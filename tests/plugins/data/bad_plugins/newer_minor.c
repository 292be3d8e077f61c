/* Built for a newer minor ABI than the host's: refused (it may rely on host functions this host lacks). */
#include "common.h"

static const char *const hosts[] = {"minor.example.com", NULL};

NEWSARC_EXPORT const newsarc_plugin *newsarc_newer_minor_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table;
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR + 1;
    table.id = "newer_minor";
    table.version = "1.0";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = test_extract;
    return &table;
}
