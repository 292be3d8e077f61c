// HTML for the pages of `newsarc serve`: the one escaping function every archived string goes through, query
// values for links, and the page frame (navigation, stylesheet link) around each page's body.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsarc/serve/http.hpp"

namespace newsarc::serve {

/// `text` safe as HTML text and as a quoted attribute value: & < > " ' become entities, and bytes that are not
/// UTF-8 become U+FFFD. Every string that comes from the archive or the request goes through this (a title
/// holding "<script>" shows as text).
std::string escape(std::string_view text);

/// `text` percent-encoded for a query value or a path segment (everything but A-Z a-z 0-9 - _ . ~).
std::string url_encode(std::string_view text);

/// "?a=1&b=x%20y" from name/value pairs (empty values left out), escaped for an href attribute; "" when none.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);

/// A whole page: doctype, UTF-8, the shared stylesheet, the navigation (`section` is the current one: "documents",
/// "search", "snapshots", "runs", "health"), the escaped `title` as heading, then `body_html` as given.
std::string render_page(std::string_view title, std::string_view section, std::string_view body_html);

/// A page response.
HttpResponse html_response(std::string page, int status = 200);

/// An error page: status, a heading for it and the reason, escaped (a bad id is a 404 page, a bad date a 400).
HttpResponse error_page(int status, std::string_view reason);

/// The stylesheet of every page (served at /style.css).
HttpResponse stylesheet();

} // namespace newsarc::serve
