// The redirect chain that led to a capture: the 3xx captures whose redirect_to is its URL, and recursively those
// redirecting to them, as WARC export writes them before the capture they lead to.
#pragma once
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "capture_rows.hpp"

namespace newsarc::archive::detail {

/// At most this many hops are written before one capture (curl's and Heritrix's default limits are of this
/// order; a longer chain is a redirect loop or a trap, not a page).
inline constexpr int kMaxRedirectHops = 10;

/// The hops that led to capture `capture_id` of `url`, fetched at or before `fetched_by` (the capture's time, or
/// a snapshot's time when earlier), in the order to write them: each hop after the hops that led to it, the
/// oldest branch first. Per redirecting URL only its latest redirect by then counts, and each hop's own hops
/// must be fetched at or before it. Hops in `planned` (capture id -> anything: already written earlier in the
/// export) are left out together with what led to them, so a chain two documents share is written once.
/// A cycle in the stored redirect_to values ends at the first capture seen again; at most kMaxRedirectHops
/// are returned (the ones nearest `url`).
std::vector<CaptureRows::Redirect> redirect_chain(CaptureRows& rows, std::int64_t capture_id, std::string_view url,
                                                  TimePoint fetched_by,
                                                  const std::unordered_map<std::int64_t, std::size_t>& planned);

} // namespace newsarc::archive::detail
