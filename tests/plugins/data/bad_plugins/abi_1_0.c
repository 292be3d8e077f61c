/* A plugin as ABI 1.0 built it: abi_minor 0 and a table that ends after `seeds` (no flags). It must still
 * load, and, never having declared itself concurrent, be called from one thread at a time. */
#include <stddef.h>

#include "call_overlap.h"

static const char *const hosts[] = {"abi10.example.com", NULL};

static newsarc_status abi10_extract(const newsarc_page *page, const newsarc_host_api *host, void *call) {
    return overlap_extract(page, host, call, 20);
}

NEWSARC_EXPORT const newsarc_plugin *newsarc_abi_1_0_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = offsetof(newsarc_plugin, seeds) + sizeof table.seeds; /* the 1.0 table's size */
    table.abi_major = 1;
    table.abi_minor = 0;
    table.id = "abi_1_0";
    table.version = "1.0";
    table.hosts = hosts;
    table.classify = test_classify;
    table.discover = test_discover;
    table.extract = abi10_extract;
    table.flags = NEWSARC_PLUGIN_CONCURRENT; /* beyond struct_size: the host must not read it */
    return &table;
}
