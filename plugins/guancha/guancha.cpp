// guancha plugin: 观察者网 (www/m.guancha.cn articles read in their _s.shtml full-text form, 风闻 posts on
// user.guancha.cn read with &page=0, list pages, the home page and the gundong/redian JSON feeds).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;

namespace {

constexpr std::string_view kWww = "https://www.guancha.cn";
constexpr std::string_view kUser = "https://user.guancha.cn";
constexpr std::string_view kSiteName = "观察者网";
constexpr std::string_view kFengwenName = "观察者网风闻";

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

bool is_word(std::string_view text) noexcept {
    for (const char c : text) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && c != '_') {
            return false;
        }
    }
    return !text.empty();
}

/// A www/m article path: /<segment>/<YYYY>_<MM>_<DD>_<id>[_<suffix>].shtml (suffix: s = full text, N = page N).
struct ArticlePath {
    std::string_view segment;
    std::string_view date; // "YYYY_MM_DD"
    std::string_view id;
    std::string_view suffix;

    [[nodiscard]] std::string canonical_url() const {
        return std::string(kWww) + "/" + std::string(segment) + "/" + std::string(date) + "_" + std::string(id) +
               ".shtml";
    }
    [[nodiscard]] std::string full_text_url() const {
        return std::string(kWww) + "/" + std::string(segment) + "/" + std::string(date) + "_" + std::string(id) +
               "_s.shtml";
    }
};

std::optional<ArticlePath> parse_article_path(std::string_view path) {
    if (!path.starts_with("/") || !path.ends_with(".shtml")) {
        return std::nullopt;
    }
    path.remove_prefix(1);
    path.remove_suffix(6);
    const std::size_t slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0 || path.find('/', slash + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    ArticlePath parts;
    parts.segment = path.substr(0, slash);
    std::string_view name = path.substr(slash + 1);
    // YYYY_MM_DD_ then the id, then an optional _suffix.
    if (name.size() < 12 || !is_digits(name.substr(0, 4)) || name[4] != '_' || !is_digits(name.substr(5, 2)) ||
        name[7] != '_' || !is_digits(name.substr(8, 2)) || name[10] != '_') {
        return std::nullopt;
    }
    parts.date = name.substr(0, 10);
    name.remove_prefix(11);
    const std::size_t underscore = name.find('_');
    parts.id = name.substr(0, underscore);
    if (!is_digits(parts.id)) {
        return std::nullopt;
    }
    if (underscore != std::string_view::npos) {
        parts.suffix = name.substr(underscore + 1);
        if (!is_word(parts.suffix)) {
            return std::nullopt;
        }
    }
    return parts;
}

bool is_site_host(std::string_view host) noexcept {
    return host == "www.guancha.cn" || host == "m.guancha.cn" || host == "guancha.cn";
}

/// The article path of an absolute www/m article URL, or nullopt.
std::optional<ArticlePath> article_of(std::string_view url) {
    if (!is_site_host(sdk::url::host(url))) {
        return std::nullopt;
    }
    return parse_article_path(sdk::url::path(url));
}

/// The id of a 风闻 post URL (https://user.guancha.cn/main/content?id=N), or nullopt.
std::optional<std::string> fengwen_id_of(std::string_view url) {
    if (sdk::url::host(url) != "user.guancha.cn" || sdk::url::path(url) != "/main/content") {
        return std::nullopt;
    }
    std::optional<std::string> id = sdk::url::query_param(url, "id");
    if (!id || !is_digits(*id)) {
        return std::nullopt;
    }
    return id;
}

std::string fengwen_url(std::string_view id) {
    return std::string(kUser) + "/main/content?id=" + std::string(id);
}

/// The N of a /<column>/list_<N>.shtml path, with the column directory ("/<column>/"), or nullopt.
std::optional<std::pair<std::string_view, int>> list_page_of(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view name = path.substr(slash + 1);
    if (!name.starts_with("list_") || !name.ends_with(".shtml")) {
        return std::nullopt;
    }
    name.remove_prefix(5);
    name.remove_suffix(6);
    if (!is_digits(name) || name.size() > 6) {
        return std::nullopt;
    }
    return std::make_pair(path.substr(0, slash + 1), std::stoi(std::string(name)));
}

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

/// 风闻 shows post times as absolute "YYYY-MM-DD HH:MM" or relative text (刚刚, N分钟前, N小时前, 昨天 HH:MM,
/// 前天 HH:MM, MM-DD HH:MM); the SDK's parser resolves the relative ones against the fetch time.
std::optional<std::string> fengwen_time(std::string_view text, std::string_view fetched_at) {
    sdk::TimeContext context;
    context.now = sdk::unix_from_text(fetched_at);
    return sdk::find_datetime(sdk::trim(text), context);
}

// ---------------------------------------------------------------------------------------------------------
// Body cleaning
// ---------------------------------------------------------------------------------------------------------

bool contains(std::string_view text, std::string_view part) noexcept {
    return text.find(part) != std::string_view::npos;
}

/// The author named by a byline paragraph such as 【文/观察者网 王文】, 【文/观察者网专栏作者 王文】,
/// 【采访/观察者网 X】 or 【文/A 译/观察者网 B】 (the writer, not the translator); nullopt when `text` is
/// not a byline.
std::optional<std::string> byline_author(std::string_view text) {
    constexpr std::string_view kOpen = "【";
    constexpr std::string_view kClose = "】";
    if (!text.starts_with(kOpen) || !text.ends_with(kClose)) {
        return std::nullopt;
    }
    std::string_view inner = text.substr(kOpen.size(), text.size() - kOpen.size() - kClose.size());
    if (inner.size() > 120) {
        return std::nullopt;
    }
    bool is_byline = false;
    for (const std::string_view role : {"文/", "文／", "采访/", "采访／", "编译/", "编译／", "整理/", "整理／"}) {
        if (inner.starts_with(role)) {
            is_byline = true;
            inner.remove_prefix(role.size());
            break;
        }
    }
    if (!is_byline) {
        return std::nullopt;
    }
    // The writer ends where a second role ("译/", "编辑/") starts.
    for (const std::string_view next : {" 译/", " 译／", " 编辑/", " 编辑／", "　译/"}) {
        const std::size_t at = inner.find(next);
        if (at != std::string_view::npos) {
            inner = inner.substr(0, at);
        }
    }
    std::string_view name = sdk::trim(inner);
    for (const std::string_view prefix : {"观察者网专栏作者", "观察者网特约作者", "观察者网"}) {
        if (name.starts_with(prefix)) {
            name = sdk::trim(name.substr(prefix.size()));
            break;
        }
    }
    if (name.empty()) {
        return std::string();
    }
    return sdk::collapse_space(name);
}

/// True for body lines that are not article text: the reprint notice, editor lines and picture credits.
bool is_boilerplate(std::string_view text) {
    if (contains(text, "本文系观察者网独家稿件")) {
        return true;
    }
    // Short notices such as "未经授权，不得转载。" (the long forms are caught above).
    if (text.size() < 240 && contains(text, "未经授权") && contains(text, "转载")) {
        return true;
    }
    if (text.size() < 90) {
        std::string_view inner = text;
        for (const std::string_view open : {"（", "("}) {
            if (inner.starts_with(open)) {
                inner.remove_prefix(open.size());
            }
        }
        for (const std::string_view prefix :
             {"责任编辑：", "责任编辑:", "编辑：", "编辑:", "图片来源：", "图片来源:", "图源：", "图源:", "视频来源：",
              "视频来源:"}) {
            if (inner.starts_with(prefix)) {
                return true;
            }
        }
    }
    return false;
}

/// Adds the paragraphs of a body container, dropping the byline (returned as the author when present) and
/// boilerplate lines.
std::optional<std::string> add_body(const sdk::Node& body, sdk::Article& out) {
    std::optional<std::string> author;
    bool first = true;
    for (const std::string_view piece : body.paragraphs()) {
        if (first) {
            first = false;
            if (auto name = byline_author(piece)) {
                author = std::move(name);
                continue;
            }
        }
        if (is_boilerplate(piece)) {
            continue;
        }
        out.paragraph(piece);
    }
    return author;
}

/// The 风闻 post id a www redirect shell sends the browser to (window.location.href="…content?id=N"), or nullopt.
std::optional<std::string> redirect_target(const sdk::Page& page) {
    constexpr std::string_view kMarker = "user.guancha.cn/main/content?id=";
    for (const sdk::Node& script : page.select("script")) {
        const std::string_view code = script.raw_text();
        const std::size_t at = code.find(kMarker);
        if (at == std::string_view::npos || !contains(code, "location")) {
            continue;
        }
        std::size_t end = at + kMarker.size();
        while (end < code.size() && code[end] >= '0' && code[end] <= '9') {
            ++end;
        }
        const std::string_view id = code.substr(at + kMarker.size(), end - at - kMarker.size());
        if (is_digits(id)) {
            return std::string(id);
        }
    }
    return std::nullopt;
}

/// Emits every article and 风闻 post linked from the page once, in canonical form; skips `self`.
class LinkSet {
public:
    LinkSet(sdk::Discovery& out, std::string_view self) : out_(out) { seen_.insert(std::string(self)); }

    void add(std::string_view absolute) {
        if (const auto article = article_of(absolute)) {
            emit(article->canonical_url(), sdk::PageKind::article);
        } else if (const auto id = fengwen_id_of(absolute)) {
            emit(fengwen_url(*id), sdk::PageKind::article);
        }
    }
    void emit(const std::string& url, sdk::PageKind kind) {
        if (seen_.insert(url).second) {
            out_.link(url, kind);
        }
    }

private:
    sdk::Discovery& out_;
    std::unordered_set<std::string> seen_;
};

/// A GET of `url` that fetches the article named `document_url` (a full-text form of it).
sdk::Request article_request(std::string url, std::string document_url) {
    sdk::Request request;
    request.url = std::move(url);
    request.kind = sdk::PageKind::article;
    request.document_url = std::move(document_url);
    return request;
}

std::string self_document(std::string_view url) {
    if (const auto article = article_of(url)) {
        return article->canonical_url();
    }
    if (const auto id = fengwen_id_of(url)) {
        return fengwen_url(*id);
    }
    return std::string(url);
}

} // namespace

class GuanchaPlugin {
public:
    static constexpr const char* version = "2026.11.1";
    static constexpr const char* hosts[] = {"*.guancha.cn"};
    static constexpr int priority = 100;
    static constexpr bool concurrent = true; // per-call state only; settings are read-only after configure

    static sdk::PageKind classify(std::string_view url) {
        const std::string host = sdk::url::host(url);
        const std::string_view path = sdk::url::path(url);
        if (is_site_host(host)) {
            if (path.empty() || path == "/" || path == "/index.shtml") {
                return sdk::PageKind::list;
            }
            if (parse_article_path(path)) {
                return sdk::PageKind::article;
            }
            if (list_page_of(path)) {
                return sdk::PageKind::list;
            }
            if (path == "/api/gundong.htm" || path == "/api/redian.htm" || path == "/api/new_gundong.htm") {
                return sdk::PageKind::feed;
            }
            // Channel and topic landing pages: /internation, /mainnews-sp/, /ZhongMeiGuanXi/index.shtml.
            std::string_view rest = path.substr(1);
            if (rest.ends_with("/index.shtml")) {
                rest.remove_suffix(12);
            } else if (rest.ends_with("/")) {
                rest.remove_suffix(1);
            }
            if (!rest.empty() && rest.find('/') == std::string_view::npos && rest.find('.') == std::string_view::npos) {
                return sdk::PageKind::list;
            }
            return sdk::PageKind::ignore;
        }
        if (host == "user.guancha.cn") {
            if (fengwen_id_of(url)) {
                return sdk::PageKind::article;
            }
            if (path == "/main/index-list.json" || path == "/topic/post-list") {
                return sdk::PageKind::feed;
            }
            if (path.empty() || path == "/") {
                return sdk::PageKind::list;
            }
        }
        return sdk::PageKind::ignore;
    }

    sdk::Status prepare(std::string_view url, sdk::PageKind kind, sdk::Discovery& out) const {
        if (kind != sdk::PageKind::article) {
            return sdk::Status::not_mine;
        }
        if (const auto article = article_of(url)) {
            out.request(article_request(article->full_text_url(), article->canonical_url()));
            return sdk::Status::ok;
        }
        if (const auto id = fengwen_id_of(url)) {
            out.request(article_request(fengwen_url(*id) + "&page=0", fengwen_url(*id)));
            return sdk::Status::ok;
        }
        return sdk::Status::not_mine;
    }

    sdk::Status seeds(sdk::Discovery& out) const {
        out.link(std::string(kWww) + "/", sdk::PageKind::list);
        out.link(std::string(kWww) + "/GuanChaZheTouTiao/list_1.shtml", sdk::PageKind::list);
        out.link(std::string(kWww) + "/api/gundong.htm", sdk::PageKind::feed);
        out.link(std::string(kUser) + "/main/index-list.json?page=1&order=2", sdk::PageKind::feed);
        return sdk::Status::ok;
    }

    sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) const {
        const std::string document = self_document(page.document_url());
        LinkSet links(out, document);
        if (!page.is_html()) {
            discover_in_text(page, links);
            return sdk::Status::ok;
        }
        for (const sdk::Node& anchor : page.select("a[href]")) {
            links.add(page.resolve(anchor.attr_or("href")));
        }
        const std::string_view path = sdk::url::path(page.url());
        if (const auto list = list_page_of(path)) {
            // Follow the next list page of the same column only; a list links many other columns' lists.
            const std::string next = std::string(list->first) + "list_" + std::to_string(list->second + 1) + ".shtml";
            for (const sdk::Node& anchor : page.select("a[href]")) {
                const std::string target = page.resolve(anchor.attr_or("href"));
                if (sdk::url::path(target) == next && is_site_host(sdk::url::host(target))) {
                    links.emit(std::string(kWww) + next, sdk::PageKind::list);
                    break;
                }
            }
        }
        if (const auto article = article_of(page.url())) {
            if (const auto id = redirect_target(page)) {
                out.request(article_request(fengwen_url(*id) + "&page=0", document));
            } else if (article->suffix != "s" && page.select_first("div.module-page")) {
                // A paged article fetched without _s (prepare was bypassed): ask for the full text.
                out.request(article_request(article->full_text_url(), article->canonical_url()));
            }
        }
        if (const auto id = fengwen_id_of(page.url());
            id && page.select_first("li.expand-all.active") && sdk::url::query_param(page.url(), "page") != "0") {
            out.request(article_request(fengwen_url(*id) + "&page=0", fengwen_url(*id)));
        }
        return sdk::Status::ok;
    }

    sdk::Status extract(const sdk::Page& page, sdk::Article& out) const {
        if (!page.is_html()) {
            return sdk::Status::no_content;
        }
        if (fengwen_id_of(page.url())) {
            return extract_fengwen(page, out);
        }
        if (!article_of(page.url())) {
            return sdk::Status::no_content;
        }
        return extract_www(page, out);
    }

private:
    // JSON feeds ({items:[{HTTP_URL}]}) and 风闻 list fragments that did not parse as HTML.
    static void discover_in_text(const sdk::Page& page, LinkSet& links) {
        const nlohmann::json json = nlohmann::json::parse(page.body(), nullptr, false);
        if (!json.is_discarded()) {
            const auto items = json.find("items");
            if (items != json.end() && items->is_array()) {
                for (const auto& item : *items) {
                    const auto href = item.find("HTTP_URL");
                    if (href != item.end() && href->is_string()) {
                        links.add(sdk::url::resolve(std::string(kWww) + "/", href->get<std::string>()));
                    }
                }
            }
        }
        // HTML inside a JSON string or plain text: scan for post and article references.
        const std::string_view body = page.body();
        constexpr std::string_view kPost = "main/content?id=";
        for (std::size_t at = body.find(kPost); at != std::string_view::npos; at = body.find(kPost, at + 1)) {
            std::size_t end = at + kPost.size();
            while (end < body.size() && body[end] >= '0' && body[end] <= '9') {
                ++end;
            }
            if (end > at + kPost.size()) {
                links.emit(fengwen_url(body.substr(at + kPost.size(), end - at - kPost.size())),
                           sdk::PageKind::article);
            }
        }
    }

    static sdk::Status extract_www(const sdk::Page& page, sdk::Article& out) {
        const sdk::Node body = page.select_first("div.all-txt");
        if (!body) {
            // Redirect shells to 风闻 and removed pages hold no article; discover() follows the redirect.
            return sdk::Status::no_content;
        }
        std::string title(page.select_first(".left-main > h3").text());
        if (title.empty()) {
            title = std::string(page.select_first("title").text());
        }
        out.title(title);

        const sdk::Node time_box = page.select_first("div.time");
        std::optional<std::string> published;
        std::string source;
        for (const sdk::Node& span : time_box.select("span")) {
            const std::string_view text = sdk::trim(span.text());
            if (!published) {
                published = sdk::find_datetime(text);
            }
            for (const std::string_view label : {"来源：", "来源:"}) {
                if (text.starts_with(label)) {
                    source = std::string(sdk::trim(text.substr(label.size())));
                }
            }
        }
        if (!published) {
            // The Baidu ld+json blob; its pubDate is the last update, so it is only a fallback.
            for (const sdk::Node& script : page.select("script[type=\"application/ld+json\"]")) {
                const auto json = sdk::json_after(script.raw_text(), "");
                if (json && json->is_object() && json->contains("pubDate") && (*json)["pubDate"].is_string()) {
                    published = sdk::find_datetime((*json)["pubDate"].get<std::string>());
                }
            }
        }
        if (published) {
            out.published_at(*published);
        }
        out.source(source.empty() ? kSiteName : std::string_view(source));

        const std::optional<std::string> byline = add_body(body, out);
        const std::string_view columnist = page.select_first(".author-intro p a").text();
        if (!columnist.empty()) {
            out.author(columnist);
        } else if (byline) {
            out.author(*byline);
        }
        for (const sdk::Node& tag : page.select(".key-word a")) {
            out.tag(tag.text());
        }
        return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
    }

    static sdk::Status extract_fengwen(const sdk::Page& page, sdk::Article& out) {
        sdk::Node body = page.select_first(".article-txt-content");
        if (!body) {
            body = page.select_first("div.article-txt");
        }
        if (!body) {
            return sdk::Status::no_content;
        }
        out.title(page.select_first("div.article-content h1").text());
        if (const auto when = fengwen_time(page.select_first(".time1").text(), page.fetched_at())) {
            out.published_at(*when);
        }
        out.author(page.select_first(".user-main h4 a").text());
        out.source(kFengwenName);
        add_body(body, out);
        return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
    }
};

NEWSARC_PLUGIN(guancha, GuanchaPlugin)
