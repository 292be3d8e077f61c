// wallstreetcn plugin: 华尔街见闻, a JavaScript app read through its JSON API: discovery from information-flow,
// articles, hot and search listings (cursor paging, ads skipped), articles from articles/<id>?extract=0.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;
using nlohmann::json;

namespace {

constexpr std::string_view kSite = "https://wallstreetcn.com";
constexpr std::string_view kDefaultApiHost = "api-one-wscn.awtmt.com";
constexpr std::string_view kSiteName = "华尔街见闻";
constexpr std::string_view kApiHeaders = "Origin: https://wallstreetcn.com\nReferer: https://wallstreetcn.com/";
constexpr std::int64_t kSuccess = 20000;
constexpr int kFlowLimit = 25;
constexpr int kArticlesLimit = 30; // larger limits answer data: "" (README §3.3)

bool is_digits(std::string_view text) noexcept {
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

bool contains(std::string_view text, std::string_view part) noexcept {
    return text.find(part) != std::string_view::npos;
}

bool is_site_host(std::string_view host) noexcept {
    return host == "wallstreetcn.com" || host == "www.wallstreetcn.com" || host == "m.wallstreetcn.com";
}

/// The article id of a site URL: /articles/<id>, /premium/articles/<id> or /member/articles/<id>.
std::optional<std::string> article_id_of(std::string_view url) {
    if (!is_site_host(sdk::url::host(url))) {
        return std::nullopt;
    }
    std::string_view path = sdk::url::path(url);
    for (const std::string_view prefix : {"/premium", "/member"}) {
        if (path.starts_with(prefix)) {
            path.remove_prefix(prefix.size());
            break;
        }
    }
    if (!path.starts_with("/articles/")) {
        return std::nullopt;
    }
    path.remove_prefix(10);
    if (path.ends_with("/")) {
        path.remove_suffix(1);
    }
    if (!is_digits(path)) {
        return std::nullopt;
    }
    return std::string(path);
}

std::string article_url(std::string_view id) {
    return std::string(kSite) + "/articles/" + std::string(id);
}

/// An API path under /apiv1/ on any host (the host is configurable, so it is not checked here).
bool is_api_path(std::string_view path) noexcept {
    return path.starts_with("/apiv1/");
}

/// The id of an API article detail path (/apiv1/content/articles/<id>), or nullopt.
std::optional<std::string> api_article_id(std::string_view url) {
    std::string_view path = sdk::url::path(url);
    constexpr std::string_view kPrefix = "/apiv1/content/articles/";
    if (!path.starts_with(kPrefix)) {
        return std::nullopt;
    }
    path.remove_prefix(kPrefix.size());
    if (!is_digits(path)) {
        return std::nullopt;
    }
    return std::string(path);
}

bool is_listing_path(std::string_view path) noexcept {
    return path == "/apiv1/content/information-flow" || path == "/apiv1/content/articles" ||
           path == "/apiv1/content/articles/hot" || path == "/apiv1/search/article";
}

std::string json_text(const json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_integer()) {
        return std::to_string(value.get<std::int64_t>());
    }
    if (value.is_number_unsigned()) {
        return std::to_string(value.get<std::uint64_t>());
    }
    return {};
}

const json& member(const json& object, std::string_view name) {
    static const json null_value;
    if (!object.is_object()) {
        return null_value;
    }
    const auto it = object.find(name);
    return it == object.end() ? null_value : *it;
}

bool is_true(const json& value) {
    return (value.is_boolean() && value.get<bool>()) || (value.is_number() && value.get<double>() != 0);
}

/// RSSHub's isWallstreetcnPaidContent (README §3.4): a paid article's detail holds only a teaser.
bool is_paid(const json& article) {
    const std::string uri = json_text(member(article, "uri"));
    if (contains(uri, "/premium/") || contains(uri, "/member/")) {
        return true;
    }
    for (const std::string_view flag :
         {"is_paid", "is_priced", "is_in_vip_privilege", "is_trial", "is_trail", "is_need_pay", "is_vip"}) {
        if (is_true(member(article, flag))) {
            return true;
        }
    }
    const json& product = member(article, "product_id");
    if (!product.is_null() && !(product.is_string() && product.get<std::string>().empty())) {
        return true;
    }
    return !json_text(member(article, "membership_uri")).empty();
}

bool is_disclaimer(std::string_view text) {
    return contains(text, "市场有风险，投资需谨慎") || contains(text, "本文不构成个人投资建议");
}

sdk::Request get_request(std::string url, sdk::PageKind kind, std::string document_url = {}) {
    sdk::Request request;
    request.url = std::move(url);
    request.kind = kind;
    request.headers = std::string(kApiHeaders);
    request.document_url = std::move(document_url);
    return request;
}

class LinkSet {
public:
    LinkSet(sdk::Discovery& out, std::string self) : out_(out) { seen_.insert(std::move(self)); }

    void article(std::string_view id) {
        if (!is_digits(id)) {
            return;
        }
        std::string url = article_url(id);
        if (seen_.insert(url).second) {
            out_.link(url, sdk::PageKind::article);
        }
    }

    /// An article resource of a listing (flow resource, list item, search hit).
    void resource(const json& item) {
        const std::string uri = json_text(member(item, "uri"));
        if (const auto id = article_id_of(uri)) {
            article(*id);
        } else if (uri.empty()) {
            article(json_text(member(item, "id")));
        }
    }

private:
    sdk::Discovery& out_;
    std::unordered_set<std::string> seen_;
};

} // namespace

class WallstreetcnPlugin {
public:
    static constexpr const char* version = "2026.11.1";
    static constexpr const char* hosts[] = {"*.wallstreetcn.com", "*.awtmt.com", "*.wallstcn.com"};
    static constexpr int priority = 100;
    static constexpr bool concurrent = true; // per-call state only; settings are read-only after configure

    /// Settings ([plugin_settings.wallstreetcn]): api_host (default api-one-wscn.awtmt.com), channels (information-flow
    /// channels the seeds start from, default ["global"]).
    sdk::Status configure(const json& settings, sdk::Context& context) {
        if (const json& host = member(settings, "api_host"); !host.is_null()) {
            const std::string value = json_text(host);
            bool valid = !value.empty();
            for (const char c : value) {
                valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-');
            }
            if (!valid) {
                throw sdk::Error("[plugin_settings.wallstreetcn] api_host must be a lower-case host name such as \"" +
                                 std::string(kDefaultApiHost) + "\", found " + host.dump());
            }
            api_host_ = value;
        }
        if (const json& channels = member(settings, "channels"); channels.is_array() && !channels.empty()) {
            channels_.clear();
            for (const json& channel : channels) {
                const std::string name = json_text(channel);
                if (name.empty() || name.find_first_of("&?#/ ") != std::string::npos) {
                    throw sdk::Error("[plugin_settings.wallstreetcn] channels must be names such as \"global\", found " +
                                     channel.dump());
                }
                channels_.push_back(name);
            }
        }
        context.info("api_host=" + api_host_);
        return sdk::Status::ok;
    }

    static sdk::PageKind classify(std::string_view url) {
        const std::string host = sdk::url::host(url);
        const std::string_view path = sdk::url::path(url);
        if (is_site_host(host)) {
            if (article_id_of(url)) {
                return sdk::PageKind::article;
            }
            if (path.empty() || path == "/" || path.starts_with("/news/")) {
                return sdk::PageKind::list;
            }
            return sdk::PageKind::ignore;
        }
        if (host == "dedicated.wallstreetcn.com" && path == "/rss.xml") {
            return sdk::PageKind::feed;
        }
        if (is_api_path(path)) {
            if (api_article_id(url)) {
                return sdk::PageKind::article;
            }
            if (is_listing_path(path)) {
                return sdk::PageKind::feed;
            }
        }
        return sdk::PageKind::ignore;
    }

    sdk::Status prepare(std::string_view url, sdk::PageKind kind, sdk::Discovery& out) const {
        if (kind == sdk::PageKind::article) {
            if (const auto id = article_id_of(url)) {
                out.request(get_request(detail_url(*id), sdk::PageKind::article, article_url(*id)));
                return sdk::Status::ok;
            }
            if (const auto id = api_article_id(url)) {
                out.request(get_request(std::string(url), sdk::PageKind::article, article_url(*id)));
                return sdk::Status::ok;
            }
            return sdk::Status::not_mine;
        }
        const std::string host = sdk::url::host(url);
        const std::string_view path = sdk::url::path(url);
        if (kind == sdk::PageKind::list && is_site_host(host)) {
            // The site renders its lists with JavaScript: read the channel's information flow instead.
            std::string channel = "global";
            if (path.starts_with("/news/") && path.size() > 6) {
                channel = std::string(path.substr(6));
                if (channel.ends_with("/")) {
                    channel.pop_back();
                }
            }
            out.request(get_request(flow_url(channel), sdk::PageKind::feed));
            return sdk::Status::ok;
        }
        if (kind == sdk::PageKind::feed && is_api_path(path)) {
            out.request(get_request(std::string(url), sdk::PageKind::feed));
            return sdk::Status::ok;
        }
        return sdk::Status::not_mine;
    }

    sdk::Status seeds(sdk::Discovery& out) const {
        for (const std::string& channel : channels_) {
            out.request(get_request(flow_url(channel), sdk::PageKind::feed));
        }
        out.request(get_request(api_base() + "/apiv1/content/articles?limit=" + std::to_string(kArticlesLimit),
                                sdk::PageKind::feed));
        return sdk::Status::ok;
    }

    sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) const {
        const auto self = api_article_id(page.url());
        LinkSet links(out, self ? article_url(*self) : std::string(page.document_url()));
        const std::string_view path = sdk::url::path(page.url());
        if (is_api_path(path)) {
            if (is_listing_path(path)) {
                discover_listing(page, out, links);
            }
            return sdk::Status::ok;
        }
        if (page.is_html()) {
            for (const sdk::Node& anchor : page.select("a[href]")) {
                if (const auto id = article_id_of(page.resolve(anchor.attr_or("href")))) {
                    links.article(*id);
                }
            }
            return sdk::Status::ok;
        }
        // RSS: every article URL mentioned.
        const std::string_view body = page.body();
        constexpr std::string_view kMarker = "wallstreetcn.com/articles/";
        for (std::size_t at = body.find(kMarker); at != std::string_view::npos; at = body.find(kMarker, at + 1)) {
            std::size_t end = at + kMarker.size();
            while (end < body.size() && body[end] >= '0' && body[end] <= '9') {
                ++end;
            }
            links.article(body.substr(at + kMarker.size(), end - at - kMarker.size()));
        }
        return sdk::Status::ok;
    }

    sdk::Status extract(const sdk::Page& page, sdk::Article& out) const {
        if (page.is_html()) {
            return extract_rendered(page, out);
        }
        if (!api_article_id(page.url())) {
            return sdk::Status::no_content;
        }
        const json answer = page.json();
        const json& code = member(answer, "code");
        if (!code.is_number_integer() || code.get<std::int64_t>() != kSuccess) {
            // 60301 deleted, 71404 not found, …: nothing to store.
            out.log().debug("api code=" + code.dump() + " message=" + member(answer, "message").dump() +
                            " url=" + std::string(page.url()));
            return sdk::Status::no_content;
        }
        const json& article = member(answer, "data");
        std::string title = json_text(member(article, "title"));
        if (title.empty()) {
            title = json_text(member(article, "content_text"));
        }
        if (title.empty()) {
            return sdk::Status::no_content;
        }
        out.title(title);
        const json& when = member(article, "display_time");
        if (when.is_number_integer()) {
            if (const auto time = sdk::time_from_unix(when.get<std::int64_t>())) {
                out.published_at(time->text());
            }
        }
        out.author(json_text(member(member(article, "author"), "display_name")));
        const std::string source = json_text(member(article, "source_name"));
        out.source(source.empty() ? std::string(kSiteName) : source);
        const json& tags = member(article, "asset_tags");
        if (tags.is_array()) {
            for (const json& tag : tags) {
                out.tag(json_text(member(tag, "name")));
            }
        }
        if (is_paid(article)) {
            out.paywalled();
            return sdk::Status::paywalled; // the teaser is never stored as the article's text
        }
        const std::string body = json_text(member(article, "content")) + json_text(member(article, "content_more"));
        for (const sdk::html::Block& block : sdk::html::blocks(body)) {
            const std::string_view text = sdk::trim(block.text);
            if (text.starts_with("风险提示及免责条款")) {
                break; // the disclaimer closes the article
            }
            if (!text.empty() && !is_disclaimer(text)) {
                out.paragraph(block.text);
            }
        }
        return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
    }

private:
    [[nodiscard]] std::string api_base() const { return "https://" + api_host_; }

    [[nodiscard]] std::string detail_url(std::string_view id) const {
        return api_base() + "/apiv1/content/articles/" + std::string(id) + "?extract=0";
    }

    [[nodiscard]] std::string flow_url(std::string_view channel) const {
        return api_base() + "/apiv1/content/information-flow?channel=" + sdk::url::percent_encode(channel) +
               "-channel&accept=article&limit=" + std::to_string(kFlowLimit);
    }

    static void discover_listing(const sdk::Page& page, sdk::Discovery& out, LinkSet& links) {
        const json answer = page.json();
        const json& code = member(answer, "code");
        if (!code.is_number_integer() || code.get<std::int64_t>() != kSuccess) {
            return;
        }
        const json& data = member(answer, "data");
        std::size_t found = 0;
        for (const std::string_view list_name : {"items", "day_items", "week_items"}) {
            const json& items = member(data, list_name);
            if (!items.is_array()) {
                continue;
            }
            for (const json& item : items) {
                ++found;
                const json& resource = member(item, "resource");
                if (resource.is_object()) {
                    // information-flow: only articles; ads, lives and the like are skipped.
                    if (json_text(member(item, "resource_type")) == "article") {
                        links.resource(resource);
                    }
                } else {
                    links.resource(item);
                }
            }
        }
        if (const json& related = member(data, "related_paid_article"); related.is_object()) {
            links.resource(related);
        }
        const std::string cursor = json_text(member(data, "next_cursor"));
        if (found > 0 && !cursor.empty() && cursor != "0") {
            out.request(get_request(sdk::url::set_query_param(page.url(), "cursor", cursor), sdk::PageKind::feed));
        }
    }

    // The rendered DOM (README §3.5), only when a page was fetched with a browser or served pre-rendered.
    static sdk::Status extract_rendered(const sdk::Page& page, sdk::Article& out) {
        const sdk::Node article = page.select_first("article");
        if (!article || !article_id_of(page.document_url())) {
            return sdk::Status::no_content;
        }
        std::string title(article.select_first("h1").text());
        if (title.empty()) {
            title = std::string(page.meta("og:title").value_or(""));
        }
        out.title(title);
        std::string_view when = page.meta("article:published_time").value_or("");
        if (when.empty()) {
            when = article.select_first("time[datetime]").attr_or("datetime");
        }
        if (const auto parsed = sdk::find_datetime(when)) {
            // "2025-04-22T21:22:54.000+08:00": the site states China time; keep the wall-clock part.
            std::string local = parsed->substr(0, 19);
            if (local.size() > 10 && local[10] == 'T') {
                local[10] = ' ';
            }
            out.published_at(local);
        }
        out.source(kSiteName);
        for (const sdk::Node& paragraph : article.select("p")) {
            const std::string_view text = sdk::trim(paragraph.text());
            if (text.starts_with("风险提示及免责条款")) {
                break;
            }
            if (!is_disclaimer(text)) {
                out.paragraph(text);
            }
        }
        return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
    }

    std::string api_host_ = std::string(kDefaultApiHost);
    std::vector<std::string> channels_{"global"};
};

NEWSARC_PLUGIN(wallstreetcn, WallstreetcnPlugin)
