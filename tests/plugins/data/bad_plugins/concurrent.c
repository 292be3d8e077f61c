/* A plugin that declares NEWSARC_PLUGIN_CONCURRENT: the host lets its calls overlap. */
#include "call_overlap.h"

static const char *const hosts[] = {"concurrent.example.com", NULL};

static newsarc_status concurrent_extract(const newsarc_page *page, const newsarc_host_api *host, void *call) {
    return overlap_extract(page, host, call, 2000);
}

NEWSARC_EXPORT const newsarc_plugin *newsarc_concurrent_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table;
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
    table.id = "concurrent";
    table.version = "1.1";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = concurrent_extract;
    table.flags = NEWSARC_PLUGIN_CONCURRENT;
    return &table;
}
