// URL pattern generalisation (see url_pattern.hpp).
#include "newsarc/sitegen/url_pattern.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include <re2/re2.h>

#include "newsarc/web/url.hpp"

namespace newsarc::sitegen {
namespace {

std::string escaped(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::string_view(R"(\.^$|?*+()[]{})").find(c) != std::string_view::npos) {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out;
}

enum class RunType { digits, lower, upper, other };

RunType type_of(char c) {
    if (c >= '0' && c <= '9') {
        return RunType::digits;
    }
    if (c >= 'a' && c <= 'z') {
        return RunType::lower;
    }
    if (c >= 'A' && c <= 'Z') {
        return RunType::upper;
    }
    return RunType::other;
}

// Runs of digits, of lower-case and of upper-case letters; every other byte is a run by itself.
std::vector<std::string> runs_of(std::string_view segment) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < segment.size();) {
        const RunType type = type_of(segment[i]);
        std::size_t end = i + 1;
        while (type != RunType::other && end < segment.size() && type_of(segment[end]) == type) {
            ++end;
        }
        out.emplace_back(segment.substr(i, end - i));
        i = end;
    }
    return out;
}

struct Segment {
    std::string regex;
    bool vague = false;
};

// One run of a segment whose samples differ. Digits always vary (a year equal in two samples is still a
// date); a run of letters equal in every sample stays literal ("doc" in "doc-inau2630922"). Ids longer than
// four digits grow over time: \d+.
Segment generalise_run(const std::vector<std::string>& values) {
    const RunType type = type_of(values[0][0]);
    if (type != RunType::digits &&
        std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values[0]; })) {
        return {escaped(values[0])};
    }
    const bool same_length =
        std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v.size() == values[0].size(); });
    const std::string count = same_length && values[0].size() <= 4 ? "{" + std::to_string(values[0].size()) + "}" : "+";
    switch (type) {
    case RunType::digits:
        return {"\\d" + count};
    case RunType::lower:
        return {"[a-z]+"};
    case RunType::upper:
        return {"[A-Z]+"};
    default:
        return {"[^/?#]", true};
    }
}

// A segment whose samples differ: run by run when they share their run structure, else a character class
// around their common literal prefix and suffix.
Segment generalise_segment(const std::vector<std::string>& values) {
    // A segment without digits that every sample has is a word ("article"); one with digits is read run by run
    // below, since its numbers vary even when the samples share them (people.com.cn's "/n1/2024/": 2024 is a
    // year, and its local channels' pages are under "/n2/").
    const bool has_digit = values[0].find_first_of("0123456789") != std::string::npos;
    if (std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values[0]; }) && !has_digit) {
        return {escaped(values[0])};
    }
    // A single sample of its shape: a word stays ("politics"), numbers and ids vary ("20240515", hex ids).
    if (values.size() == 1) {
        std::size_t letter_runs = 0;
        for (const std::string& run : runs_of(values[0])) {
            letter_runs += type_of(run[0]) == RunType::lower || type_of(run[0]) == RunType::upper ? 1 : 0;
        }
        if (letter_runs >= 3) {
            const std::size_t dot = values[0].rfind('.');
            const bool extension = dot != std::string::npos && dot > 0;
            // The id's own punctuation stays allowed ("doc-inavmmfi1968342.shtml", "a_b1c2d3").
            std::string extra;
            for (const char c : values[0].substr(0, extension ? dot : std::string::npos)) {
                if ((c == '-' || c == '_') && extra.find(c) == std::string::npos) {
                    extra.push_back(c);
                }
            }
            return {"[A-Za-z0-9" + extra + "]+" + (extension ? escaped(values[0].substr(dot)) : "")};
        }
    }
    // Words that differ from sample to sample are section names ("WangWen", "politics"): other sections of
    // the site are words too, and may hold digits, '-' or '_' ("industry-science", "military-affairs").
    const auto letters_only = [](const std::string& v) {
        return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        });
    };
    if (values.size() > 1 && std::all_of(values.begin(), values.end(), letters_only)) {
        const bool upper = std::any_of(values.begin(), values.end(), [](const std::string& v) {
            return std::any_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        });
        return {upper ? "[A-Za-z][A-Za-z0-9_-]*" : "[a-z][a-z0-9_-]*"};
    }
    std::vector<std::vector<std::string>> runs;
    for (const std::string& value : values) {
        runs.push_back(runs_of(value));
    }
    const auto signature = [](const std::vector<std::string>& r) {
        std::string out;
        for (const std::string& run : r) {
            out.push_back(type_of(run[0]) == RunType::other ? run[0] : static_cast<char>('0' + static_cast<int>(type_of(run[0]))));
        }
        return out;
    };
    const std::string first = signature(runs[0]);
    if (std::all_of(runs.begin(), runs.end(), [&](const auto& r) { return signature(r) == first; })) {
        Segment out;
        for (std::size_t i = 0; i < runs[0].size(); ++i) {
            std::vector<std::string> column;
            for (const auto& r : runs) {
                column.push_back(r[i]);
            }
            const Segment piece = generalise_run(column);
            out.regex += piece.regex;
        }
        return out;
    }
    // Common literal prefix and suffix (cut at a non-alphanumeric byte, so "doc-" or ".shtml" stay whole).
    std::size_t prefix = 0;
    while (std::all_of(values.begin(), values.end(),
                       [&](const std::string& v) { return prefix < v.size() && v[prefix] == values[0][prefix]; })) {
        ++prefix;
    }
    while (prefix > 0 && type_of(values[0][prefix - 1]) != RunType::other) {
        --prefix;
    }
    std::size_t suffix = 0;
    while (std::all_of(values.begin(), values.end(), [&](const std::string& v) {
        return suffix < v.size() - prefix && v[v.size() - 1 - suffix] == values[0][values[0].size() - 1 - suffix];
    })) {
        ++suffix;
    }
    while (suffix > 0 && type_of(values[0][values[0].size() - suffix]) != RunType::other) {
        --suffix;
    }
    bool digits = false;
    bool lower = false;
    bool upper = false;
    bool other = false;
    for (const std::string& value : values) {
        for (std::size_t i = prefix; i < value.size() - suffix; ++i) {
            const RunType type = type_of(value[i]);
            digits |= type == RunType::digits;
            lower |= type == RunType::lower;
            upper |= type == RunType::upper;
            other |= type == RunType::other;
        }
    }
    std::string middle;
    if (other) {
        return {escaped(values[0].substr(0, prefix)) + "[^/?#]+" + escaped(values[0].substr(values[0].size() - suffix)),
                true};
    }
    middle = std::string("[") + (upper ? "A-Z" : "") + (lower ? "a-z" : "") + (digits ? "0-9" : "") + "]+";
    return {escaped(values[0].substr(0, prefix)) + middle + escaped(values[0].substr(values[0].size() - suffix))};
}

struct Generalised {
    std::vector<std::string> patterns;
    std::size_t vague = 0;
    std::size_t words = 0;
};

Generalised generalise(const std::vector<std::string>& urls, const std::string& hosts_regex) {
    std::map<std::size_t, std::vector<std::vector<std::string>>> by_shape;
    for (const std::string& url : urls) {
        const auto parts = web::split_components(url);
        if (!parts) {
            continue;
        }
        std::vector<std::string> segments;
        std::string_view path = parts->path;
        path.remove_prefix(std::min<std::size_t>(1, path.size()));
        std::size_t at = 0;
        while (true) {
            const std::size_t slash = path.find('/', at);
            segments.emplace_back(path.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at));
            if (slash == std::string_view::npos) {
                break;
            }
            at = slash + 1;
        }
        by_shape[segments.size()].push_back(std::move(segments));
    }
    Generalised out;
    for (const auto& [count, samples] : by_shape) {
        std::string regex = "^https?://" + hosts_regex;
        for (std::size_t i = 0; i < count; ++i) {
            std::vector<std::string> column;
            for (const auto& sample : samples) {
                column.push_back(sample[i]);
            }
            const bool any_empty = std::any_of(column.begin(), column.end(), [](const std::string& v) { return v.empty(); });
            Segment segment;
            if (any_empty) {
                const bool all_empty = std::all_of(column.begin(), column.end(), [](const std::string& v) { return v.empty(); });
                segment = all_empty ? Segment{} : Segment{"[^/?#]*", true};
            } else {
                segment = generalise_segment(column);
            }
            out.vague += segment.vague ? 1 : 0;
            // A word every sample has there ("article", "news"): a path section, kept literally.
            const bool word = !column[0].empty() && column[0].find_first_of("0123456789") == std::string::npos &&
                              std::all_of(column.begin(), column.end(), [&](const std::string& v) { return v == column[0]; });
            out.words += word ? 1 : 0;
            regex += "/" + segment.regex;
        }
        regex += "(\\?.*)?$";
        out.patterns.push_back(std::move(regex));
    }
    return out;
}

} // namespace

std::string site_domain(const std::string& host) {
    std::vector<std::string> labels;
    std::size_t at = 0;
    while (true) {
        const std::size_t dot = host.find('.', at);
        labels.push_back(host.substr(at, dot == std::string::npos ? std::string::npos : dot - at));
        if (dot == std::string::npos) {
            break;
        }
        at = dot + 1;
    }
    if (labels.size() <= 2) {
        return host;
    }
    static const std::vector<std::string> kSecondLevel = {"com", "net", "org", "gov", "edu", "ac", "co"};
    const bool country = labels.back().size() == 2;
    const bool second = std::find(kSecondLevel.begin(), kSecondLevel.end(), labels[labels.size() - 2]) != kSecondLevel.end();
    const std::size_t keep = country && second ? 3 : 2;
    std::string out;
    for (std::size_t i = labels.size() - keep; i < labels.size(); ++i) {
        out += (out.empty() ? "" : ".") + labels[i];
    }
    return out;
}

std::string host_pattern(const std::vector<std::string>& hosts) {
    if (hosts.empty()) {
        return {};
    }
    // Any port: a site served on another port (a local mirror) is still the site.
    if (std::all_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return h == hosts[0]; })) {
        return escaped(hosts[0]) + "(:\\d+)?";
    }
    return "([a-z0-9-]+\\.)*" + escaped(site_domain(hosts[0])) + "(:\\d+)?";
}

std::string domain_pattern(const std::string& host) {
    return "([a-z0-9-]+\\.)*" + escaped(site_domain(host)) + "(:\\d+)?";
}

std::vector<std::string> url_patterns(const std::vector<std::string>& urls, const std::string& hosts_regex) {
    return generalise(urls, hosts_regex).patterns;
}

Generality generality(const std::vector<std::string>& urls) {
    const Generalised generalised = generalise(urls, "h");
    return Generality{generalised.patterns.size(), generalised.vague, generalised.words};
}

bool Generality::keeps(const Generality& before) const noexcept {
    return shapes == before.shapes && vague <= before.vague && words >= before.words;
}

bool matches_any(const std::vector<std::string>& patterns, const std::string& url) {
    return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
        const RE2 regex(pattern, RE2::Quiet);
        return regex.ok() && RE2::PartialMatch(url, regex);
    });
}

} // namespace newsarc::sitegen
