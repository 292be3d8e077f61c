/* Shared pieces of the loader-test plugins: trivial entry points with the ABI's signatures. */
#ifndef NEWSARC_TEST_COMMON_H
#define NEWSARC_TEST_COMMON_H
#include "newsarc/plugin.h"

#define NEWSARC_EXPORT __attribute__((visibility("default")))

static inline newsarc_page_kind test_classify(newsarc_str url) {
    return url.size > 0 ? NEWSARC_PAGE_ARTICLE : NEWSARC_PAGE_INVALID;
}

static inline newsarc_status test_discover(const newsarc_page *page, const newsarc_host_api *host, void *call) {
    static const char link[] = "https://good.example.com/next";
    newsarc_str url = {link, sizeof link - 1};
    (void)page;
    host->emit_link(call, url, NEWSARC_PAGE_ARTICLE, 5);
    return NEWSARC_OK;
}

static inline newsarc_status test_extract(const newsarc_page *page, const newsarc_host_api *host, void *call) {
    static const char name[] = "title";
    newsarc_str field = {name, sizeof name - 1};
    newsarc_str value = {"Good", 4};
    (void)page;
    host->set_field(call, field, value);
    host->add_paragraph(call, value);
    return NEWSARC_OK;
}
#endif
