// Which discovered URLs a crawl takes: in-scope hosts and the depth limit.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "newsarc/crawl/frontier.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "newsarc/crawl/url.hpp"

namespace newsarc::crawl {

class Scope {
public:
    /// Scope hosts from the job, or the seeds' hosts when it names none.
    explicit Scope(const JobConfig& job);

    /// A frontier request for `url` (already normalised) at `depth`, or nullopt when the URL is off-scope,
    /// too deep or not http(s).
    [[nodiscard]] std::optional<FrontierRequest> admit(const std::string& url, int depth) const;
    [[nodiscard]] bool host_in_scope(std::string_view host) const;
    [[nodiscard]] const UrlOptions& url_options() const noexcept { return url_options_; }
    [[nodiscard]] int max_depth() const noexcept { return max_depth_; }

private:
    std::vector<std::string> hosts_;
    UrlOptions url_options_;
    int max_depth_;
};

} // namespace newsarc::crawl
