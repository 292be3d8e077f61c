/* Named newsarc_missing_symbol.so but exports another entry name: refused for the missing symbol. */
#include "common.h"

static const char *const hosts[] = {"missing.example.com", NULL};

NEWSARC_EXPORT const newsarc_plugin *newsarc_something_else_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table;
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
    table.id = "missing_symbol";
    table.version = "1.0";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = test_extract;
    return &table;
}
