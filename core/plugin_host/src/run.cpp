// Running a page through a plugin (one parse for discover and extract) and the other plugin entry points.
#include "newsarc/plugin_host/run.hpp"

#include <memory>

#include "call_state.hpp"
#include "newsarc/dom/document.hpp"
#include "newsarc/plugin_host/registry.hpp"

namespace newsarc::plugin_host {
namespace {

newsarc_str c_str(std::string_view text) noexcept {
    return newsarc_str{text.data(), text.size()};
}

bool is_page_kind(newsarc_page_kind kind) noexcept {
    return kind == NEWSARC_PAGE_ARTICLE || kind == NEWSARC_PAGE_LIST || kind == NEWSARC_PAGE_FEED;
}

newsarc_status checked_status(newsarc_status status, CallState& call, std::string_view entry) {
    switch (status) {
    case NEWSARC_OK:
    case NEWSARC_NOT_MINE:
    case NEWSARC_NO_CONTENT:
    case NEWSARC_FAILED:
    case NEWSARC_PAYWALLED:
        return status;
    }
    call.set_error(std::string(entry) + " returned status " + std::to_string(static_cast<int>(status)) +
                   ", which is not a newsarc_status");
    return NEWSARC_FAILED;
}

// Digits at text[i..i+n) as a number, or -1.
int number_at(std::string_view text, std::size_t i, std::size_t n) noexcept {
    if (i + n > text.size()) {
        return -1;
    }
    int value = 0;
    for (std::size_t k = i; k < i + n; ++k) {
        if (text[k] < '0' || text[k] > '9') {
            return -1;
        }
        value = value * 10 + (text[k] - '0');
    }
    return value;
}

long long days_from_civil(long long year, unsigned month, unsigned day) noexcept {
    year -= month <= 2 ? 1 : 0;
    const long long era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long days, long long& year, unsigned& month, unsigned& day) noexcept {
    days += 719468;
    const long long era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<long long>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

unsigned days_in_month(long long year, unsigned month) noexcept {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

void append_2(std::string& out, long long value) {
    out.push_back(static_cast<char>('0' + value / 10 % 10));
    out.push_back(static_cast<char>('0' + value % 10));
}

} // namespace

bool is_html(std::string_view content_type, std::string_view body) noexcept {
    if (content_type.empty()) {
        const std::size_t first = body.find_first_not_of(" \t\r\n");
        return first != std::string_view::npos && body[first] == '<';
    }
    return content_type.starts_with("text/html") || content_type.starts_with("application/xhtml+xml");
}

std::optional<std::string> normalize_china_time(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    const int year = number_at(text, 0, 4);
    const int month = number_at(text, 5, 2);
    const int day = number_at(text, 8, 2);
    if (year < 1900 || year > 2200 || text.size() < 10 || text[4] != '-' || text[7] != '-' || month < 1 ||
        month > 12 || day < 1 || day > static_cast<int>(days_in_month(year, static_cast<unsigned>(month)))) {
        return std::nullopt;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    int offset_minutes = 8 * 60;
    std::size_t i = 10;
    if (i < text.size()) {
        if (text[i] != ' ' && text[i] != 'T') {
            return std::nullopt;
        }
        ++i;
        hour = number_at(text, i, 2);
        minute = number_at(text, i + 3, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text.size() < i + 5 || text[i + 2] != ':') {
            return std::nullopt;
        }
        i += 5;
        if (i < text.size() && text[i] == ':') {
            second = number_at(text, i + 1, 2);
            if (second < 0 || second > 60) {
                return std::nullopt;
            }
            second = second == 60 ? 59 : second;
            i += 3;
            if (i < text.size() && text[i] == '.') {
                ++i;
                while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
                    ++i;
                }
            }
        }
        if (i < text.size()) {
            const std::string_view zone = text.substr(i);
            if (zone == "Z" || zone == "z") {
                offset_minutes = 0;
            } else if ((zone[0] == '+' || zone[0] == '-') && (zone.size() == 6 || zone.size() == 5 || zone.size() == 3)) {
                const int zone_hours = number_at(zone, 1, 2);
                const int zone_minutes = zone.size() == 3 ? 0 : number_at(zone, zone.size() == 6 ? 4 : 3, 2);
                if (zone_hours < 0 || zone_hours > 14 || zone_minutes < 0 || zone_minutes > 59 ||
                    (zone.size() == 6 && zone[3] != ':')) {
                    return std::nullopt;
                }
                offset_minutes = (zone[0] == '-' ? -1 : 1) * (zone_hours * 60 + zone_minutes);
            } else {
                return std::nullopt;
            }
        }
    }
    // Shift to +08:00.
    long long total = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 1440 +
                      hour * 60 + minute + (8 * 60 - offset_minutes);
    long long days = total / 1440;
    long long minutes = total % 1440;
    if (minutes < 0) {
        minutes += 1440;
        --days;
    }
    long long out_year = 0;
    unsigned out_month = 0;
    unsigned out_day = 0;
    civil_from_days(days, out_year, out_month, out_day);
    std::string out = std::to_string(out_year);
    out.push_back('-');
    append_2(out, out_month);
    out.push_back('-');
    append_2(out, out_day);
    out.push_back('T');
    append_2(out, minutes / 60);
    out.push_back(':');
    append_2(out, minutes % 60);
    out.push_back(':');
    append_2(out, second);
    out.append("+08:00");
    return out;
}

PageOutcome run(const Plugin& plugin, const PageInput& input, Mode mode, const dom::Document* parsed) {
    PageOutcome outcome;
    outcome.plugin_id = plugin.id();
    outcome.plugin_version = plugin.version();
    const std::string_view document_url = input.document_url.empty() ? input.url : input.document_url;
    outcome.kind = plugin.classify(document_url);
    const bool want_discover = mode.discover && is_page_kind(outcome.kind);
    const bool want_extract = mode.extract && outcome.kind == NEWSARC_PAGE_ARTICLE;
    if (!want_discover && !want_extract) {
        return outcome;
    }
    std::unique_ptr<dom::Document> own;
    const dom::Document* document = parsed;
    if (document == nullptr && is_html(input.content_type, input.body)) {
        own = dom::Document::parse(input.body);
        document = own.get();
    }
    newsarc_page page{};
    page.struct_size = sizeof(newsarc_page);
    page.url = c_str(input.url);
    page.document_url = c_str(document_url);
    page.http_status = input.status;
    page.content_type = c_str(input.content_type);
    page.body = c_str(input.body);
    page.root = document == nullptr ? nullptr : document->root();
    page.gumbo = document == nullptr ? nullptr : reinterpret_cast<const struct GumboInternalOutput*>(document->output());
    page.fetched_at = c_str(input.fetched_at);

    CallState call(plugin, document, outcome);
    if (want_discover) {
        outcome.discover_status = checked_status(plugin.discover(page, call), call, "discover");
    }
    if (want_extract) {
        outcome.extract_status = checked_status(plugin.extract(page, call), call, "extract");
        const auto published = outcome.fields.find("published_at");
        if (published != outcome.fields.end()) {
            if (auto normalized = normalize_china_time(published->second)) {
                published->second = std::move(*normalized);
            } else {
                call.log(NEWSARC_LOG_WARN, "published_at '" + published->second + "' for " +
                                               std::string(document_url) +
                                               " is not ISO 8601 or YYYY-MM-DD HH:MM[:SS]; dropped");
                outcome.fields.erase(published);
            }
        }
    }
    return outcome;
}

PageOutcome run_best(const PluginRegistry& registry, const PageInput& input, Mode mode, const dom::Document* parsed,
                     const std::function<bool(const Plugin&)>& allowed) {
    std::unique_ptr<dom::Document> document;
    PageOutcome last;
    for (const Plugin* plugin : registry.candidates(input.document_url.empty() ? input.url : input.document_url)) {
        if (allowed && !allowed(*plugin)) {
            continue;
        }
        // Parsed once, and only when some plugin gets the page: the parse costs more than most plugins.
        if (parsed == nullptr && document == nullptr && is_html(input.content_type, input.body)) {
            document = dom::Document::parse(input.body);
            parsed = document.get();
        }
        PageOutcome outcome = run(*plugin, input, mode, parsed);
        const bool declined = outcome.kind == NEWSARC_PAGE_INVALID ||
                              (outcome.extract_status && *outcome.extract_status == NEWSARC_NOT_MINE) ||
                              (!outcome.extract_status && outcome.discover_status &&
                               *outcome.discover_status == NEWSARC_NOT_MINE);
        if (!declined) {
            return outcome;
        }
        last = std::move(outcome);
    }
    return last;
}

namespace {

CallOutcome finish(PageOutcome& sink, newsarc_status status) {
    CallOutcome out;
    out.status = status;
    out.requests = std::move(sink.links);
    out.error = std::move(sink.error);
    out.log = std::move(sink.log);
    return out;
}

} // namespace

CallOutcome configure(Plugin& plugin, std::string_view settings_json) {
    PageOutcome sink;
    CallState call(plugin, nullptr, sink);
    const newsarc_status status =
        checked_status(plugin.configure(settings_json.empty() ? std::string_view("{}") : settings_json, call), call,
                       "configure");
    return finish(sink, status);
}

CallOutcome prepare(const Plugin& plugin, std::string_view url, newsarc_page_kind kind) {
    PageOutcome sink;
    CallState call(plugin, nullptr, sink);
    newsarc_status status = checked_status(plugin.prepare(url, kind, call), call, "prepare");
    if (status == NEWSARC_OK && sink.links.size() != 1) {
        call.set_error("prepare(" + std::string(url) + ") returned OK with " + std::to_string(sink.links.size()) +
                       " requests, expected exactly one");
        status = NEWSARC_FAILED;
    }
    return finish(sink, status);
}

CallOutcome seeds(const Plugin& plugin) {
    PageOutcome sink;
    CallState call(plugin, nullptr, sink);
    const newsarc_status status = checked_status(plugin.seeds(call), call, "seeds");
    return finish(sink, status);
}

std::string_view kind_name(newsarc_page_kind kind) noexcept {
    switch (kind) {
    case NEWSARC_PAGE_ARTICLE:
        return "article";
    case NEWSARC_PAGE_LIST:
        return "list";
    case NEWSARC_PAGE_FEED:
        return "feed";
    case NEWSARC_PAGE_IGNORE:
        return "ignore";
    case NEWSARC_PAGE_INVALID:
        return "invalid";
    }
    return "invalid";
}

std::optional<newsarc_page_kind> parse_kind(std::string_view name) noexcept {
    for (const newsarc_page_kind kind : {NEWSARC_PAGE_INVALID, NEWSARC_PAGE_ARTICLE, NEWSARC_PAGE_LIST,
                                         NEWSARC_PAGE_FEED, NEWSARC_PAGE_IGNORE}) {
        if (kind_name(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view status_name(newsarc_status status) noexcept {
    switch (status) {
    case NEWSARC_OK:
        return "ok";
    case NEWSARC_NOT_MINE:
        return "not_mine";
    case NEWSARC_NO_CONTENT:
        return "no_content";
    case NEWSARC_FAILED:
        return "failed";
    case NEWSARC_PAYWALLED:
        return "paywalled";
    }
    return "failed";
}

std::optional<newsarc_status> parse_status(std::string_view name) noexcept {
    for (const newsarc_status status :
         {NEWSARC_OK, NEWSARC_NOT_MINE, NEWSARC_NO_CONTENT, NEWSARC_FAILED, NEWSARC_PAYWALLED}) {
        if (status_name(status) == name) {
            return status;
        }
    }
    return std::nullopt;
}

} // namespace newsarc::plugin_host
