// redirect_chain: a depth-first walk back along redirect_to, bounded in hops and guarded against cycles.
#include "redirect_chain.hpp"

#include <unordered_set>

namespace newsarc::archive::detail {
namespace {

struct Walk {
    CaptureRows& rows;
    const std::unordered_map<std::int64_t, std::size_t>& planned;
    std::unordered_set<std::int64_t> seen; ///< every capture met on this walk, the one it starts from included
    std::vector<CaptureRows::Redirect> hops;
    int budget = kMaxRedirectHops;

    void lead_to(std::string_view target, TimePoint fetched_by) {
        for (CaptureRows::Redirect& redirect : rows.redirects_to(target, fetched_by)) {
            if (budget == 0) {
                return;
            }
            // A planned hop was written with its own chain before it; a seen one closes a cycle.
            if (planned.contains(redirect.id) || !seen.insert(redirect.id).second) {
                continue;
            }
            --budget;
            // Its time, not the target's: a hop can only have been reached by redirects fetched before it.
            lead_to(redirect.url, redirect.fetched_at);
            hops.push_back(std::move(redirect));
        }
    }
};

} // namespace

std::vector<CaptureRows::Redirect> redirect_chain(CaptureRows& rows, std::int64_t capture_id, std::string_view url,
                                                  TimePoint fetched_by,
                                                  const std::unordered_map<std::int64_t, std::size_t>& planned) {
    Walk walk{rows, planned, {capture_id}, {}};
    walk.lead_to(url, fetched_by);
    return std::move(walk.hops);
}

} // namespace newsarc::archive::detail
