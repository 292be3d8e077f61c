// The generic extractor's publish time: the time printed near the headline, else the page's machine-readable
// publish time (meta tags, JSON-LD, <time>, script variables), else the date in the URL.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <gumbo.h>

#include "newsarc/plugin.hpp"
#include "page_meta.hpp"

namespace newsarc::generic {

/// The article's publish time as Article::published_at takes it, or nullopt. `headlines` are the elements showing
/// the title, best first (none when the title came from <title>/og:title only). Never throws on page content.
std::optional<std::string> find_published(const sdk::Page& page, const Metas& metas,
                                          const std::vector<const GumboNode*>& headlines);

} // namespace newsarc::generic
