/* A site plugin as a third party built it against ABI 1.0: compiled with the frozen 1.0 header
 * (data/abi_1_0_header), so its table ends after `seeds` and it knows no host service past `children`.
 * It extracts the article of its fixture with 1.0 calls only: select, text, attr, set_field, add_paragraph. */
#include <stddef.h>
#include <string.h>

#include "newsarc/plugin.h"

#if NEWSARC_PLUGIN_ABI_MINOR != 0
#error "abi_1_0_fixture must be built against the frozen ABI 1.0 header"
#endif

#define EXPORT __attribute__((visibility("default")))

static const char *const hosts[] = {"abi10.example.org", NULL};

static newsarc_str str(const char *text) {
    newsarc_str s = {text, strlen(text)};
    return s;
}

static newsarc_page_kind classify(newsarc_str url) {
    static const char article[] = "https://abi10.example.org/news/";
    return url.size > sizeof article - 1 && memcmp(url.data, article, sizeof article - 1) == 0 ? NEWSARC_PAGE_ARTICLE
                                                                                                 : NEWSARC_PAGE_LIST;
}

static newsarc_status discover(const newsarc_page *page, const newsarc_host_api *host, void *call) {
    (void)page;
    (void)host;
    (void)call;
    return NEWSARC_OK;
}

/* The text of the first match of `selector`, or an empty string. */
static newsarc_str first_text(const newsarc_host_api *host, void *call, const char *selector) {
    const newsarc_node *matches = NULL;
    size_t count = 0;
    newsarc_str none = {"", 0};
    if (host->select(call, NULL, str(selector), &matches, &count) != 0 || count == 0) {
        return none;
    }
    return host->text(call, matches[0]);
}

static newsarc_status extract(const newsarc_page *page, const newsarc_host_api *host, void *call) {
    const newsarc_node *paragraphs = NULL;
    size_t count = 0;
    size_t i;
    (void)page;
    host->set_field(call, str("title"), first_text(host, call, "h1"));
    host->set_field(call, str("author"), first_text(host, call, ".byline .author"));
    host->set_field(call, str("published_at"), first_text(host, call, ".byline time"));
    if (host->select(call, NULL, str("div.content p"), &paragraphs, &count) != 0) {
        host->set_error(call, str("selector div.content p did not parse"));
        return NEWSARC_FAILED;
    }
    for (i = 0; i < count; ++i) {
        host->add_paragraph(call, host->text(call, paragraphs[i]));
    }
    return count == 0 ? NEWSARC_NO_CONTENT : NEWSARC_OK;
}

EXPORT const newsarc_plugin *newsarc_abi_1_0_fixture_plugin(void) {
    static newsarc_plugin table;
    table.struct_size = sizeof table; /* the 1.0 struct: it ends after seeds */
    table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
    table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
    table.id = "abi_1_0_fixture";
    table.version = "1.0.0";
    table.hosts = hosts;
    table.priority = 10;
    table.classify = classify;
    table.discover = discover;
    table.extract = extract;
    return &table;
}
