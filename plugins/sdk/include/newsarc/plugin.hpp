// newsarc C++ plugin SDK, the one header a plugin includes: header-only helpers over the C ABI in plugin.h
// (one file per topic under newsarc/sdk/), and NEWSARC_PLUGIN(id, Class), which turns a plain C++ class into
// the exported plugin table with noexcept, exception-catching trampolines. URLs, times and HTML fragments are
// read by the host (ABI 1.1 host services), so a plugin reads them exactly as the crawler does.
#pragma once

/// \file
/// A plugin is a class with these members (static or not; the optional ones may be left out):
///
/// \code
/// #include "newsarc/plugin.hpp"
/// namespace sdk = newsarc::sdk;
///
/// class ExamplePlugin {
/// public:
///     static constexpr const char* version = "2026.11.1";        // bump when the output changes
///     static constexpr const char* hosts[] = {"www.example.cn", "*.example.com"};
///     static constexpr int priority = 100;                        // generic is 0
///     static constexpr bool concurrent = true;                    // optional: see the contract below
///
///     static sdk::PageKind classify(std::string_view url) {
///         return sdk::url::path(url).ends_with(".shtml") ? sdk::PageKind::article : sdk::PageKind::list;
///     }
///     sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) {
///         for (const sdk::Node& a : page.select("a[href$=.shtml]")) {
///             out.link(a.attr_or("href"), sdk::PageKind::article);  // relative hrefs are resolved
///         }
///         return sdk::Status::ok;
///     }
///     sdk::Status extract(const sdk::Page& page, sdk::Article& out) {
///         out.title(page.select_first("h1").text());
///         out.published_at(sdk::find_datetime(page.select_first(".time").text()).value_or(""));
///         for (const sdk::Node& p : page.select("div.content p")) {
///             out.paragraph(p.text());
///         }
///         return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
///     }
///     // Optional: sdk::Status configure(const nlohmann::json& settings, sdk::Context& context);
///     //           sdk::Status prepare(std::string_view url, sdk::PageKind kind, sdk::Discovery& out);
///     //           sdk::Status seeds(sdk::Discovery& out);
/// };
/// NEWSARC_PLUGIN(example, ExamplePlugin)
/// \endcode
///
/// Contract for plugin classes:
/// - One instance per loaded plugin, created on the first call (never at dlopen). `configure` runs only for a
///   job with a [plugin_settings.<id>] table, before that job's first call; otherwise the defaults stand.
/// - `static constexpr bool concurrent = true` declares that discover/extract/prepare/classify may run on
///   several threads at once (they modify neither the instance nor other shared state): the host then
///   extracts many pages in parallel. Without it the host calls the plugin from one thread at a time.
/// - Any exception thrown by a member becomes set_error(what()) + NEWSARC_FAILED; nothing crosses the ABI.
/// - Member functions may return sdk::Status or void (void means Status::ok).
/// - Every string_view, Node and Page handed to a member lives only until that member returns; so do the
///   views the URL, time and HTML helpers return (the host keeps them for the call).
/// - The URL, time and HTML helpers (sdk::url::*, sdk::find_time, sdk::html::*) call the host of the call
///   running on the thread; they throw sdk::Error naming the service when the host predates it.

#include "newsarc/plugin.h"
#include "newsarc/sdk/article.hpp"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/discovery.hpp"
#include "newsarc/sdk/html.hpp"
#include "newsarc/sdk/json.hpp"
#include "newsarc/sdk/node.hpp"
#include "newsarc/sdk/page.hpp"
#include "newsarc/sdk/plugin_export.hpp"
#include "newsarc/sdk/status.hpp"
#include "newsarc/sdk/text.hpp"
#include "newsarc/sdk/time.hpp"
#include "newsarc/sdk/url.hpp"
