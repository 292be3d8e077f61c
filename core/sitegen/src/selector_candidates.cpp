// Selector candidates for an element and the choice among them (see selector_candidates.hpp).
#include "selector_candidates.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

namespace newsarc::sitegen {
namespace {

// A CSS-module class ends in a build hash that changes with every release of the site: webpack's css-loader
// names a class "[name]_[local]_[hash:base64:5]" ("index_main_content_eLIdG", ifeng 2022-24) or
// "[local]-[hash:base64:8]" ("main_content-r5RGqegj", ifeng 2019), and the hash, base64 of 5 to 8 characters
// (which may hold '-' and '_'), mixes cases or digits. Returns the part before the hash's separator.
std::optional<std::string_view> css_module_stem(std::string_view name, char* separator = nullptr) {
    for (std::size_t length = 5; length <= 8 && length + 2 <= name.size(); ++length) {
        const char before = name[name.size() - length - 1];
        if (before != '_' && before != '-') {
            continue;
        }
        const std::string_view tail = name.substr(name.size() - length);
        const bool upper = std::any_of(tail.begin(), tail.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        const bool digit = std::any_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; });
        const bool lower = std::any_of(tail.begin(), tail.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if ((upper && (lower || digit)) || (digit && lower)) {
            if (separator != nullptr) {
                *separator = before;
            }
            return name.substr(0, name.size() - length - 1);
        }
    }
    return std::nullopt;
}

// The substrings naming a CSS-module class across builds: the stem with its separator ("index_main_content_"),
// and its [local] part alone ("main_content", without the "[name]_" module file), which also survives a change
// of the naming template (ifeng's 2019 and 2024 pages share their local names). Too short a local part
// ("tab") would match unrelated classes and is left out.
std::vector<std::string> css_module_names(std::string_view name) {
    char separator = 0;
    const auto stem = css_module_stem(name, &separator);
    std::vector<std::string> out;
    if (!stem || stem->size() < 4 || stem->find_first_of("'\\\"") != std::string_view::npos) {
        return out;
    }
    out.push_back(std::string(*stem) + separator);
    const std::size_t underscore = stem->find('_');
    const std::string_view local = separator == '_' && underscore != std::string_view::npos
                                       ? stem->substr(underscore + 1)
                                       : *stem;
    if (local.size() >= 4) {
        out.emplace_back(local);
    }
    return out;
}

// A name a stylesheet would use: short, CSS-identifier characters only, no run of three digits (ids such as
// "art_2630922" or hashed "css-1x2y3z" classes change from page to page).
bool stable_name(std::string_view name) {
    if (name.empty() || name.size() > 40 || (name[0] >= '0' && name[0] <= '9') || name.starts_with("css-")) {
        return false;
    }
    std::size_t digits = 0;
    for (const char c : name) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_';
        if (!word) {
            return false;
        }
        digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
        if (digits >= 3) {
            return false;
        }
    }
    return !css_module_stem(name).has_value();
}

std::vector<std::string> classes_of(const GumboNode* element) {
    std::vector<std::string> out;
    const auto value = dom::attribute(element, "class");
    if (!value) {
        return out;
    }
    std::size_t at = 0;
    while (at < value->size()) {
        const std::size_t end = value->find_first_of(" \t\n\r\f", at);
        const std::string_view name = value->substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        // Float and clear helpers ("fl", "fr", "cf", "clearfix", "left") are put on unrelated elements and
        // left off by a sibling layout of the site: they name no content. Two-letter classes are such helpers.
        static constexpr std::string_view kLayoutHelpers[] = {"clearfix", "clear", "left", "right"};
        const bool helper = name.size() < 3 || std::find(std::begin(kLayoutHelpers), std::end(kLayoutHelpers), name) !=
                                                   std::end(kLayoutHelpers);
        if (!helper && stable_name(name) && std::find(out.begin(), out.end(), name) == out.end()) {
            out.emplace_back(name);
        }
        if (end == std::string_view::npos) {
            break;
        }
        at = end + 1;
    }
    return out;
}

// The simple selectors naming one element by itself.
std::vector<std::string> simple_forms(const dom::Document& document, const GumboNode* element, bool with_bare_tag) {
    std::vector<std::string> out;
    const std::string tag(document.tag_name(element));
    if (tag.empty() || !stable_name(tag)) {
        return out;
    }
    if (with_bare_tag) {
        out.push_back(tag);
    }
    if (const auto id = dom::attribute(element, "id"); id && stable_name(*id)) {
        out.push_back("#" + std::string(*id));
        out.push_back(tag + "#" + std::string(*id));
    }
    // A CSS-module class by its stable parts: [class*='main_content'] survives the next build of the site.
    if (const auto value = dom::attribute(element, "class")) {
        std::size_t at = 0;
        while (at < value->size()) {
            const std::size_t end = std::min(value->find(' ', at), value->size());
            for (const std::string& stable : css_module_names(value->substr(at, end - at))) {
                out.push_back(tag + "[class*='" + stable + "']");
            }
            at = end + 1;
        }
    }
    const std::vector<std::string> classes = classes_of(element);
    for (const std::string& name : classes) {
        out.push_back("." + name);
        out.push_back(tag + "." + name);
    }
    if (classes.size() >= 2) {
        out.push_back(tag + "." + classes[0] + "." + classes[1]);
    }
    return out;
}

} // namespace

std::vector<std::string> selector_candidates(const dom::Document& document, const GumboNode* element) {
    std::set<std::string> out;
    const std::vector<std::string> own = simple_forms(document, element, true);
    out.insert(own.begin(), own.end());
    constexpr int kAncestorLevels = 8;
    int level = 0;
    for (const GumboNode* ancestor = element->parent; ancestor != nullptr && dom::is_element(ancestor) &&
                                                      level < kAncestorLevels;
         ancestor = ancestor->parent, ++level) {
        const std::string_view tag = document.tag_name(ancestor);
        if (tag == "html" || tag == "body") {
            break;
        }
        for (const std::string& outer : simple_forms(document, ancestor, false)) {
            for (const std::string& inner : own) {
                out.insert(outer + " " + inner);
                if (level == 0) {
                    out.insert(outer + " > " + inner);
                }
            }
        }
    }
    return {out.begin(), out.end()};
}

std::vector<std::string> shortest_first(std::vector<std::string> candidates) {
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::string& candidate : candidates) {
        if (seen.insert(candidate).second) {
            out.push_back(std::move(candidate));
        }
    }
    return out;
}

Cover ordered_cover(const std::vector<std::string>& candidates, const std::vector<bool>& required,
                    std::size_t max_alternatives,
                    const std::function<Verdict(std::size_t page, const std::string& candidate)>& verdict) {
    const std::size_t pages = required.size();
    // Verdicts are asked once per (candidate, page): selecting in a parsed page is the cost here.
    std::map<std::pair<std::size_t, std::size_t>, Verdict> known;
    const auto judge = [&](std::size_t candidate, std::size_t page) {
        const auto key = std::pair{candidate, page};
        auto found = known.find(key);
        if (found == known.end()) {
            found = known.emplace(key, verdict(page, candidates[candidate])).first;
        }
        return found->second;
    };
    std::vector<bool> read(pages, false);
    Cover cover;
    std::set<std::size_t> used;
    while (cover.selectors.size() < max_alternatives) {
        std::vector<std::size_t> open;
        for (std::size_t page = 0; page < pages; ++page) {
            if (required[page] && !read[page]) {
                open.push_back(page);
            }
        }
        if (open.empty()) {
            break;
        }
        std::size_t best = candidates.size();
        std::vector<std::size_t> best_reads;
        for (std::size_t candidate = 0; candidate < candidates.size(); ++candidate) {
            if (used.contains(candidate)) {
                continue;
            }
            std::vector<std::size_t> reads;
            std::vector<std::size_t> wrong;
            for (std::size_t page = 0; page < pages; ++page) {
                if (read[page]) {
                    continue; // an earlier alternative decides there
                }
                const Verdict seen = judge(candidate, page);
                if (seen == Verdict::wrong) {
                    wrong.push_back(page);
                } else if (seen == Verdict::agrees && required[page]) {
                    reads.push_back(page);
                }
            }
            if (!wrong.empty()) {
                if (reads.size() > cover.blocked_reads.size()) {
                    cover.blocked = candidates[candidate];
                    cover.blocked_reads = std::move(reads);
                    cover.blocked_wrong = std::move(wrong);
                }
                continue;
            }
            if (reads.size() > best_reads.size()) {
                best = candidate;
                best_reads = std::move(reads);
                if (best_reads.size() == open.size()) {
                    break;
                }
            }
        }
        if (best == candidates.size()) {
            break;
        }
        cover.blocked.clear();
        cover.blocked_reads.clear();
        cover.blocked_wrong.clear();
        used.insert(best);
        for (const std::size_t page : best_reads) {
            read[page] = true;
        }
        // Optional pages the alternative reads (right) are decided by it too.
        for (std::size_t page = 0; page < pages; ++page) {
            if (!required[page] && !read[page] && judge(best, page) == Verdict::agrees) {
                read[page] = true;
            }
        }
        cover.selectors.push_back(candidates[best]);
        cover.reads.push_back(std::move(best_reads));
    }
    for (std::size_t page = 0; page < pages; ++page) {
        if (required[page] && !read[page]) {
            cover.unread.push_back(page);
        }
    }
    // With several layouts, an alternative before the last one is read first on every other layout's pages too:
    // a bare tag ("h2") there would take the first <h2> of a layout the samples did not show. Such an
    // alternative gives way to the first candidate naming a class or id that reads the same pages and no page
    // left at its step wrong.
    const auto bare = [](const std::string& selector) {
        return selector.find_first_of(".#[") == std::string::npos;
    };
    std::vector<bool> decided(pages, false);
    for (std::size_t k = 0; k + 1 < cover.selectors.size(); ++k) {
        if (bare(cover.selectors[k])) {
            for (std::size_t candidate = 0; candidate < candidates.size(); ++candidate) {
                if (bare(candidates[candidate]) || used.contains(candidate)) {
                    continue;
                }
                bool same = true;
                for (std::size_t page = 0; page < pages && same; ++page) {
                    if (decided[page]) {
                        continue;
                    }
                    const Verdict seen = judge(candidate, page);
                    const bool reads = std::find(cover.reads[k].begin(), cover.reads[k].end(), page) != cover.reads[k].end();
                    same = reads ? seen == Verdict::agrees : seen != Verdict::wrong && !(required[page] && seen == Verdict::agrees);
                }
                if (same) {
                    used.insert(candidate);
                    cover.selectors[k] = candidates[candidate];
                    break;
                }
            }
        }
        for (const std::size_t page : cover.reads[k]) {
            decided[page] = true;
        }
    }
    return cover;
}

} // namespace newsarc::sitegen
