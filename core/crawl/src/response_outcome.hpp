// What a finished transfer was, as a crawl outcome: the transport's verdict, else what its HTTP answer means
// (2xx, 304, a redirect, an error, or a block page standing in for the page).
#pragma once
#include <optional>
#include <string>

#include "fetch/transfer.hpp"
#include "newsarc/crawl/outcome.hpp"

namespace newsarc::crawl {

/// The outcome of an attempt, before block pages are looked for: a transport failure, ok (2xx), not_modified
/// (304), redirect (3xx with a Location; admitted or refused later by the pipeline's RedirectRules) or
/// http_error.
Outcome outcome_of(const fetch::FetchResult& result);

/// Why an answer with outcome ok or http_error is a block page (see block_page.hpp), or nullopt. Only small HTML
/// bodies are looked at (block pages are a few KB of HTML; a plugin's small JSON answers are not parsed), so
/// nearly every page costs a size and type check on the network thread.
std::optional<std::string> block_page_reason(const fetch::FetchResult& result, Outcome outcome);

} // namespace newsarc::crawl
