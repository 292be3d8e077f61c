// Generic link discovery: the <a href> targets of an HTML page, resolved and normalised.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/crawl/url.hpp"

struct GumboInternalOutput;

namespace newsarc::crawl {

/// The http(s) links of a parsed page (gumbo output of its UTF-8 text), in document order without
/// duplicates, resolved against `page_url` (or the page's <base href>) and normalised. Links that do not
/// resolve to an http(s) URL are skipped.
std::vector<std::string> extract_links(const GumboInternalOutput& document, std::string_view page_url,
                                       const UrlOptions& options);

/// The same for HTML text: parses `html_utf8` with gumbo first.
std::vector<std::string> extract_links(std::string_view html_utf8, std::string_view page_url,
                                       const UrlOptions& options);

} // namespace newsarc::crawl
