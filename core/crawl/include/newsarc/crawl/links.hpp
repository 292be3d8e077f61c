// Generic link discovery: the <a href> targets of an HTML page, resolved and normalised.
#pragma once
#include <functional>
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

/// The same links one at a time, in document order, duplicates included.
void extract_links(const GumboInternalOutput& document, std::string_view page_url, const UrlOptions& options,
                   const std::function<void(std::string&& url)>& each);

/// The same for HTML text: parses `html_utf8` with gumbo first.
std::vector<std::string> extract_links(std::string_view html_utf8, std::string_view page_url,
                                       const UrlOptions& options);

/// The same links as extract_links(html_utf8, ...), found without building a tree: one pass over the text that
/// follows gumbo's tokenizer (comments, raw text such as <script> and <title>, attribute quoting, duplicate
/// attributes, character references) and the tree builder's rules that drop or reveal tags (<select>, <svg>/<math>,
/// <frameset>). The rare href that only gumbo can spell (a named reference outside the common ones, control or
/// invalid UTF-8 bytes) is decoded by one gumbo parse of those values alone. Known differences from the tree: a
/// link the tree builder moves (an <a> in a <table> outside any cell goes before the table) keeps its text order;
/// svg or math left open is closed only by an HTML start tag such as <div> or <p> (gumbo also closes it at the end
/// tag of an enclosing element); no nesting depth limit applies. Any input is accepted; time is linear in its size.
/// Thread-safe.
std::vector<std::string> scan_links(std::string_view html_utf8, std::string_view page_url, const UrlOptions& options);

/// The same links one at a time, in document order, duplicates included (the caller keeps what it needs: a
/// page of 150,000 links is not held twice). Thread-safe.
void scan_links(std::string_view html_utf8, std::string_view page_url, const UrlOptions& options,
                const std::function<void(std::string&& url)>& each);

} // namespace newsarc::crawl
