// Plugin fixtures: find the folders, run one through its real plugin, compare with expected.json.
#include "newsarc/plugin_host/fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <iconv.h>

#include <nlohmann/json.hpp>

namespace newsarc::plugin_host {
namespace {

using nlohmann::json;

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// `bytes` in `charset` (a saved page's real encoding, meta.json "charset") as UTF-8; nullopt when iconv does not
// know the charset or the bytes are not in it.
std::optional<std::string> to_utf8(std::string_view bytes, const std::string& charset) {
    iconv_t converter = iconv_open("UTF-8", charset.c_str());
    if (converter == reinterpret_cast<iconv_t>(-1)) {
        return std::nullopt;
    }
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* at = out.data();
    std::size_t out_left = out.size();
    const std::size_t converted = iconv(converter, &in, &in_left, &at, &out_left);
    iconv_close(converter);
    if (converted == static_cast<std::size_t>(-1)) {
        return std::nullopt;
    }
    out.resize(out.size() - out_left);
    return out;
}

std::string shorten(std::string_view text) {
    constexpr std::size_t kMax = 160;
    if (text.size() <= kMax) {
        return std::string(text);
    }
    // Cut at a UTF-8 boundary.
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return std::string(text.substr(0, cut)) + "…(" + std::to_string(text.size()) + " bytes)";
}

std::vector<std::filesystem::path> sorted_dirs(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        return out;
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.is_directory(error)) {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool is_space_code(char32_t c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
           c == 0xFEFF;
}

std::unordered_map<char32_t, long> code_point_counts(std::string_view text, long& total) {
    std::unordered_map<char32_t, long> counts;
    total = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        std::size_t length = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
        if (i + length > text.size()) {
            length = 1;
        }
        char32_t c = length == 1 ? b0 : (b0 & (0x7F >> length));
        for (std::size_t k = 1; k < length; ++k) {
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        i += length;
        if (!is_space_code(c)) {
            ++counts[c];
            ++total;
        }
    }
    return counts;
}

std::string joined(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const std::string& paragraph : paragraphs) {
        if (!out.empty()) {
            out.push_back('\n');
        }
        out += paragraph;
    }
    return out;
}

} // namespace

double char_f1(std::string_view expected, std::string_view found) {
    long expected_total = 0;
    long found_total = 0;
    const auto expected_counts = code_point_counts(expected, expected_total);
    const auto found_counts = code_point_counts(found, found_total);
    if (expected_total == 0 && found_total == 0) {
        return 1.0;
    }
    if (expected_total == 0 || found_total == 0) {
        return 0.0;
    }
    long common = 0;
    for (const auto& [c, count] : found_counts) {
        const auto other = expected_counts.find(c);
        if (other != expected_counts.end()) {
            common += std::min(count, other->second);
        }
    }
    const double precision = static_cast<double>(common) / static_cast<double>(found_total);
    const double recall = static_cast<double>(common) / static_cast<double>(expected_total);
    return precision + recall == 0.0 ? 0.0 : 2.0 * precision * recall / (precision + recall);
}

std::vector<FixtureCase> find_fixtures(const std::filesystem::path& source_root) {
    std::vector<FixtureCase> cases;
    const std::pair<std::filesystem::path, bool> bases[] = {{source_root / "plugins", false},
                                                            {source_root / "configs" / "sites", true}};
    for (const auto& [base, declarative] : bases) {
        for (const auto& plugin_dir : sorted_dirs(base)) {
            for (const auto& case_dir : sorted_dirs(plugin_dir / "fixtures")) {
                cases.push_back(FixtureCase{plugin_dir.filename().string(), case_dir.filename().string(), case_dir,
                                            declarative});
            }
        }
    }
    return cases;
}

namespace {

FixtureResult run_fixture_unchecked(const PluginRegistry& registry, const FixtureCase& fixture,
                                    const std::filesystem::path& shared_dir) {
    FixtureResult result;
    auto& failures = result.failures;
    const auto fail = [&](std::string message) { failures.push_back(std::move(message)); };

    const auto meta_text = read_file(fixture.dir / "meta.json");
    const auto expected_text = read_file(fixture.dir / "expected.json");
    if (!meta_text || !expected_text) {
        fail((fixture.dir / (meta_text ? "expected.json" : "meta.json")).string() + ": missing");
        return result;
    }
    const json meta = json::parse(*meta_text, nullptr, false);
    const json expected = json::parse(*expected_text, nullptr, false);
    if (!meta.is_object() || !expected.is_object()) {
        fail((fixture.dir / (meta.is_object() ? "expected.json" : "meta.json")).string() + ": not a JSON object");
        return result;
    }
    if (!meta.contains("url") || !meta["url"].is_string()) {
        fail((fixture.dir / "meta.json").string() + ": needs \"url\" (a string)");
        return result;
    }
    const std::string plugin_id = meta.value("plugin", fixture.plugin_id);
    const Plugin* plugin = registry.by_id(plugin_id);
    if (plugin == nullptr) {
        fail("plugin '" + plugin_id + "' is not loaded (needed by fixture " + fixture.dir.string() + ")");
        return result;
    }

    // The page: page.html, page.json, or a shared page.
    std::optional<std::string> body;
    std::string default_type = "text/html";
    if (auto html = read_file(fixture.dir / "page.html")) {
        body = std::move(html);
    } else if (auto page_json = read_file(fixture.dir / "page.json")) {
        body = std::move(page_json);
        default_type = "application/json";
    } else if (meta.contains("shared_page") && meta["shared_page"].is_string()) {
        const std::filesystem::path shared = shared_dir / meta["shared_page"].get<std::string>();
        body = read_file(shared);
        if (!body) {
            fail("shared page '" + shared.string() + "' cannot be read (fixture " + fixture.dir.string() + ")");
            return result;
        }
        if (shared.extension() == ".json") {
            default_type = "application/json";
        }
    } else {
        fail(fixture.dir.string() + ": no page.html, page.json or meta.json \"shared_page\"");
        return result;
    }

    // A saved page in another encoding (real GBK bytes): decoded here, as a crawl's charset step would.
    if (meta.contains("charset") && meta["charset"].is_string()) {
        const std::string charset = meta["charset"].get<std::string>();
        auto decoded = to_utf8(*body, charset);
        if (!decoded) {
            fail(fixture.dir.string() + ": the page is not valid " + charset + " (meta.json \"charset\")");
            return result;
        }
        body = std::move(decoded);
    }

    PageInput input;
    input.url = meta["url"].get<std::string>();
    input.document_url = meta.value("document_url", std::string());
    input.status = meta.value("status", 200);
    input.content_type = meta.value("content_type", default_type);
    input.fetched_at = meta.value("fetched_at", std::string("2026-01-01T00:00:00+08:00"));
    input.body = *body;
    result.outcome = run(*plugin, input, Mode{true, true});
    const PageOutcome& outcome = result.outcome;
    if (!outcome.error.empty()) {
        // Reported only when something fails, but kept visible in the failure list then.
        result.outcome.log.push_back(LogLine{NEWSARC_LOG_ERROR, "plugin error: " + outcome.error});
    }

    if (expected.contains("kind")) {
        const std::string want = expected["kind"].get<std::string>();
        if (kind_name(outcome.kind) != want) {
            fail("kind: expected '" + want + "', found '" + std::string(kind_name(outcome.kind)) + "'");
        }
    }
    std::optional<std::string> want_status;
    if (expected.contains("status")) {
        want_status = expected["status"].get<std::string>();
    } else if (expected.contains("paragraphs") || expected.contains("title")) {
        want_status = "ok";
    }
    if (want_status) {
        const std::string found = outcome.extract_status
                                      ? std::string(status_name(*outcome.extract_status))
                                      : "(extract did not run: classified as " +
                                            std::string(kind_name(outcome.kind)) + ")";
        if (found != *want_status) {
            fail("status: expected '" + *want_status + "', found '" + found + "'" +
                 (outcome.error.empty() ? "" : " (error: " + outcome.error + ")"));
        }
    }
    for (const char* field : {"title", "published_at", "author", "source", "canonical_url"}) {
        if (!expected.contains(field)) {
            continue;
        }
        const json& want = expected[field];
        const auto found = outcome.fields.find(field);
        if (want.is_null()) {
            if (found != outcome.fields.end()) {
                fail(std::string(field) + ": expected none, found '" + shorten(found->second) + "'");
            }
        } else if (found == outcome.fields.end()) {
            fail(std::string(field) + ": expected '" + shorten(want.get<std::string>()) + "', found none");
        } else if (found->second != want.get<std::string>()) {
            fail(std::string(field) + ": expected '" + shorten(want.get<std::string>()) + "', found '" +
                 shorten(found->second) + "'");
        }
    }
    if (expected.contains("paragraphs")) {
        const auto want = expected["paragraphs"].get<std::vector<std::string>>();
        if (expected.contains("body_f1_min")) {
            const double minimum = expected["body_f1_min"].get<double>();
            result.body_f1 = char_f1(joined(want), joined(outcome.paragraphs));
            if (*result.body_f1 < minimum) {
                fail("body F1 " + std::to_string(*result.body_f1) + " is below " + std::to_string(minimum) + " (" +
                     std::to_string(outcome.paragraphs.size()) + " paragraphs found, " + std::to_string(want.size()) +
                     " expected)");
            }
        } else {
            const std::size_t common = std::min(want.size(), outcome.paragraphs.size());
            std::size_t shown = 0;
            for (std::size_t i = 0; i < common && shown < 5; ++i) {
                if (want[i] != outcome.paragraphs[i]) {
                    fail("paragraph " + std::to_string(i + 1) + ": expected '" + shorten(want[i]) + "', found '" +
                         shorten(outcome.paragraphs[i]) + "'");
                    ++shown;
                }
            }
            if (want.size() != outcome.paragraphs.size()) {
                std::string detail = "paragraph count: expected " + std::to_string(want.size()) + ", found " +
                                     std::to_string(outcome.paragraphs.size());
                if (outcome.paragraphs.size() > want.size()) {
                    detail += "; first extra: '" + shorten(outcome.paragraphs[want.size()]) + "'";
                } else {
                    detail += "; first missing: '" + shorten(want[outcome.paragraphs.size()]) + "'";
                }
                fail(detail);
            }
        }
    }
    if (expected.contains("tags")) {
        const auto want = expected["tags"].get<std::vector<std::string>>();
        if (want != outcome.tags) {
            fail("tags: expected " + json(want).dump() + ", found " + json(outcome.tags).dump());
        }
    }
    if (expected.contains("links")) {
        for (const json& link : expected["links"]) {
            const std::string url = link.is_string() ? link.get<std::string>() : link.value("url", std::string());
            const std::optional<std::string> kind =
                link.is_object() && link.contains("kind") ? std::optional(link["kind"].get<std::string>()) : std::nullopt;
            const bool found = std::any_of(outcome.links.begin(), outcome.links.end(), [&](const Request& request) {
                return request.url == url && (!kind || kind_name(request.kind) == *kind);
            });
            if (!found) {
                fail("links: expected " + url + (kind ? " (" + *kind + ")" : "") + " among the " +
                     std::to_string(outcome.links.size()) + " discovered links");
            }
        }
    }
    if (expected.contains("min_links")) {
        const auto minimum = expected["min_links"].get<std::size_t>();
        if (outcome.links.size() < minimum) {
            fail("links: expected at least " + std::to_string(minimum) + ", found " +
                 std::to_string(outcome.links.size()));
        }
    }
    result.passed = failures.empty();
    return result;
}

} // namespace

FixtureResult run_fixture(const PluginRegistry& registry, const FixtureCase& fixture,
                          const std::filesystem::path& shared_dir) {
    try {
        return run_fixture_unchecked(registry, fixture, shared_dir);
    } catch (const nlohmann::json::exception& error) {
        FixtureResult result;
        result.failures.push_back(fixture.dir.string() + ": meta.json or expected.json has a value of the wrong type (" +
                                  error.what() + ")");
        return result;
    }
}

std::optional<std::filesystem::path> find_source_root() {
    const auto is_root = [](const std::filesystem::path& dir) {
        std::error_code error;
        return std::filesystem::exists(dir / "plugins" / "sdk" / "include" / "newsarc" / "plugin.h", error);
    };
    if (const char* env = std::getenv("NEWSARC_SOURCE_DIR"); env != nullptr && is_root(env)) {
        return std::filesystem::path(env);
    }
    std::error_code error;
    for (std::filesystem::path dir = std::filesystem::current_path(error); !error && !dir.empty();
         dir = dir.parent_path()) {
        if (is_root(dir)) {
            return dir;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return std::nullopt;
}

std::filesystem::path default_shared_dir() {
    if (const char* env = std::getenv("NEWSARC_SHARED_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    const auto root = find_source_root();
    return root ? (*root / ".." / "shared").lexically_normal() : std::filesystem::path("shared");
}

} // namespace newsarc::plugin_host
