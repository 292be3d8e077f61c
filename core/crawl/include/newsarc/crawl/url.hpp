// The crawler's names for the URL functions of newsarc::web (the one URL parser, shared with the plugin host).
#pragma once
#include "newsarc/web/url.hpp"

namespace newsarc::crawl {

using web::host_matches;
using web::kMaxUrlLength;
using web::normalize_url;
using web::resolve_url;
using web::split_url;
using web::UrlError;
using web::UrlOptions;
using web::UrlParts;

} // namespace newsarc::crawl
