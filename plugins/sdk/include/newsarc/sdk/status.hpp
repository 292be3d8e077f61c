// The C ABI's enums as C++ types, and the exception a plugin throws to fail a call.
#pragma once

#include <stdexcept>

#include "newsarc/plugin.h"

namespace newsarc::sdk {

/// The status a plugin member returns (values equal the C ABI's newsarc_status).
enum class Status : int {
    ok = NEWSARC_OK,
    not_mine = NEWSARC_NOT_MINE,
    no_content = NEWSARC_NO_CONTENT,
    failed = NEWSARC_FAILED,
    paywalled = NEWSARC_PAYWALLED,
};

/// What a URL is to a plugin (values equal the C ABI's newsarc_page_kind).
enum class PageKind : int {
    invalid = NEWSARC_PAGE_INVALID,
    article = NEWSARC_PAGE_ARTICLE,
    list = NEWSARC_PAGE_LIST,
    feed = NEWSARC_PAGE_FEED,
    ignore = NEWSARC_PAGE_IGNORE,
};

/// A failure the plugin reports by throwing; the trampolines turn it into set_error + NEWSARC_FAILED.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace newsarc::sdk
