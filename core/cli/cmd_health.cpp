// `newsarc health [--site S] [--runs N] [--json]`: each site's last finished run beside the median of its earlier
// runs, and whether the site looks broken (the rules of the crawl's [health]: min_success, drop, list pages).
#include <cstdio>
#include <iostream>
#include <memory>

#include "archive_cli.hpp"
#include "command.hpp"
#include "newsarc/crawl/health.hpp"

namespace newsarc::cli {
namespace {

struct HealthArgs {
    std::string site;
    std::size_t runs = 10;
    bool json = false;
    double min_success = crawl::HealthConfig{}.min_success;
    double drop = crawl::HealthConfig{}.drop;
};

std::string share(const std::optional<double>& value) {
    if (!value) {
        return "-";
    }
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", *value * 100);
    return text;
}

int run_health(const HealthArgs& args, const GlobalOptions& global) {
    archive::Store store = open_archive_for_reading(global);
    crawl::HealthConfig config;
    config.min_success = args.min_success;
    config.drop = args.drop;
    const std::vector<crawl::SiteHealth> sites = crawl::archive_health(store, config, args.site, args.runs);
    const bool degraded = std::any_of(sites.begin(), sites.end(), [](const auto& site) { return site.degraded; });
    if (args.json) {
        std::cout << crawl::health_json(sites) << "\n";
        return degraded ? 3 : 0;
    }
    if (sites.empty()) {
        std::cout << "no site health recorded" << (args.site.empty() ? std::string() : " for '" + args.site + "'")
                  << " (finished crawl runs record it)\n";
        return 0;
    }
    std::cout << "site\tstate\tarticle_pages\textracted\tmedian\tstored\tfallbacks\tfailed\tblocked\tlist_pages\t"
                 "article_links\treasons\n";
    for (const crawl::SiteHealth& site : sites) {
        std::int64_t failed = 0;
        for (const auto& [reason, count] : site.last.failed) {
            failed += count;
        }
        std::string reasons;
        for (const std::string& reason : site.reasons) {
            reasons += (reasons.empty() ? "" : "; ") + reason;
        }
        std::cout << site.site << "\t" << (site.degraded ? "degraded" : "ok") << "\t" << site.last.article_pages
                  << "\t" << share(site.success) << "\t" << share(site.median_success) << "\t" << site.last.stored
                  << "\t" << site.last.fallbacks << "\t" << failed << "\t" << site.last.blocked << "\t"
                  << site.last.list_pages << "\t" << site.last.article_links << "\t"
                  << (reasons.empty() ? std::string("-") : reasons) << "\n";
    }
    return degraded ? 3 : 0;
}

Action register_health(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<HealthArgs>();
    Command& sub = program.subcommand(
        "health", "Each site's last crawl run beside the median of its earlier runs: ok or degraded, and why (exit 3 "
                  "when a site is degraded)");
    sub.option("--site", args->site, "Only this site (a plugin id)");
    sub.option("--runs", args->runs, "Earlier runs to compare with")
        .show_default()
        .check(Check::integer_range(1, 1000));
    sub.flag("--json", args->json, "{\"sites\": [{\"site\", \"state\", \"reasons\", counts...}]} on stdout");
    sub.option("--min-success", args->min_success, "Degraded below this share of article pages extracted")
        .show_default()
        .check(Check::number_range(0.0, 1.0));
    sub.option("--drop", args->drop, "... or below this fraction of the median of the earlier runs")
        .show_default()
        .check(Check::number_range(0.0, 1.0));
    return [args, &global] { return run_health(*args, global); };
}

} // namespace

NEWSARC_COMMAND(66, register_health);

} // namespace newsarc::cli
