// huxiu plugin: 虎嗅 (www/m.huxiu.com /article/<aid>.html read from the Nuxt 3 __NUXT_DATA__ payload, the older
// window.__INITIAL_STATE__ and the 2016-2022 DOM layouts; discovery through the channel API, RSS and pages).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "newsarc/devalue.hpp"
#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;
using nlohmann::json;

namespace {

constexpr std::string_view kWww = "https://www.huxiu.com";
constexpr std::string_view kChannelApi = "https://api-web-article.huxiu.com/web/channel/articleListV1";
constexpr std::string_view kRss = "https://rss.huxiu.com/";
constexpr std::string_view kSiteName = "虎嗅";
constexpr int kPageSize = 22;
constexpr std::string_view kApiHeaders =
    "Content-Type: application/x-www-form-urlencoded\n"
    "Accept: application/json\n"
    "Accept-Language: zh-CN,zh;q=0.9\n"
    "Referer: https://www.huxiu.com/\n"
    "Origin: https://www.huxiu.com";

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
    return host == "www.huxiu.com" || host == "m.huxiu.com" || host == "huxiu.com";
}

/// The aid of an article URL (/article/<aid>.html, or the old /article/<aid>/1.html), or nullopt.
std::optional<std::string> article_id_of(std::string_view url) {
    if (!is_site_host(sdk::url::host(url))) {
        return std::nullopt;
    }
    std::string_view path = sdk::url::path(url);
    if (!path.starts_with("/article/")) {
        return std::nullopt;
    }
    path.remove_prefix(9);
    if (path.ends_with("/1.html")) {
        path.remove_suffix(7);
    } else if (path.ends_with(".html")) {
        path.remove_suffix(5);
    } else {
        return std::nullopt;
    }
    if (!is_digits(path)) {
        return std::nullopt;
    }
    return std::string(path);
}

std::string article_url(std::string_view aid) {
    return std::string(kWww) + "/article/" + std::string(aid) + ".html";
}

bool is_channel_api(std::string_view url) {
    const std::string host = sdk::url::host(url);
    const std::string_view path = sdk::url::path(url);
    return (host == "api-web-article.huxiu.com" || host == "api-article.huxiu.com" ||
            host == "article-api.huxiu.com") &&
           (path.ends_with("/articleListV1") || path.ends_with("/articleList"));
}

/// A JSON string or number as text ("" for anything else).
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

/// The form POST that fetches one page of the channel feed. The URL repeats the form fields in its query so
/// that every page has its own URL and the answer's discovery knows which channel it belongs to.
sdk::Request channel_request(std::string_view api, std::string_view channel, std::string_view last_field,
                             std::string_view last_value) {
    sdk::Request request;
    std::string url = sdk::url::set_query_param(api, "channel_id", channel);
    std::string body = "platform=www&channel_id=" + sdk::url::percent_encode(channel) +
                       "&pagesize=" + std::to_string(kPageSize);
    if (!last_value.empty()) {
        url = sdk::url::set_query_param(url, last_field, last_value);
        body += "&" + std::string(last_field) + "=" + sdk::url::percent_encode(last_value);
    }
    request.url = std::move(url);
    request.method = "POST";
    request.body = std::move(body);
    request.headers = std::string(kApiHeaders);
    request.kind = sdk::PageKind::feed;
    return request;
}

// ---------------------------------------------------------------------------------------------------------
// Embedded state
// ---------------------------------------------------------------------------------------------------------


/// The articleDetail object of a page: Nuxt 3 payload first, then window.__INITIAL_STATE__.
std::optional<json> embedded_article(const sdk::Page& page) {
    if (const auto payload = page.script_json("#__NUXT_DATA__"); payload && payload->is_array()) {
        const sdk::DevalueResolver resolver(*payload);
        if (const auto keyed = resolver.find_keyed("articleDetail-")) {
            const json& detail = member(*keyed, "articleDetail");
            if (detail.is_object()) {
                return detail;
            }
        }
    }
    if (const auto state = page.script_json("window.__INITIAL_STATE__"); state && state->is_object()) {
        const json& detail = member(member(*state, "articleDetail"), "articleDetail");
        if (detail.is_object()) {
            return detail;
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------
// Preface and boilerplate
// ---------------------------------------------------------------------------------------------------------

/// What a preface line ("本文来自微信公众号：X（ID：Y），作者：Z，题图来自：W") names.
struct Preface {
    std::string source;
    std::string author;
};

bool is_preface(std::string_view text) {
    return text.starts_with("本文来自") || text.starts_with("本文摘编自") || text.starts_with("原文标题") ||
           (text.size() < 200 && contains(text, "题图来自"));
}

/// The value after `label` up to the next "，", ",", "（", "(" or the end.
std::string field_after(std::string_view text, std::string_view label) {
    const std::size_t at = text.find(label);
    if (at == std::string_view::npos) {
        return {};
    }
    std::string_view rest = text.substr(at + label.size());
    std::size_t end = rest.size();
    for (const std::string_view stop : {"，", ",", "（", "(", "；", "。"}) {
        end = std::min(end, rest.find(stop));
    }
    return std::string(sdk::trim(rest.substr(0, end)));
}

Preface parse_preface(std::string_view text) {
    Preface preface;
    for (const std::string_view label : {"本文来自微信公众号：", "本文来自微信公众号:", "本文来自："}) {
        if (text.starts_with(label)) {
            preface.source = field_after(text, label);
            break;
        }
    }
    for (const std::string_view label : {"，作者：", "，作者:", ",作者："}) {
        if (preface.author.empty()) {
            preface.author = field_after(text, label);
        }
    }
    return preface;
}

/// True for body lines that are not article text.
bool is_boilerplate(std::string_view text) {
    for (const std::string_view marker :
         {"不代表虎嗅立场", "不代表虎嗅网立场", "hezuo@huxiu.com", "tougao@huxiu.com", "授权 虎嗅网 发表",
          "正在改变与想要改变世界的人", "扫码下载虎嗅APP"}) {
        if (contains(text, marker)) {
            return true;
        }
    }
    if (text.size() < 90) {
        for (const std::string_view prefix :
             {"图片来源：", "图片来源:", "图源：", "图源:", "题图来自：", "题图来源：", "编辑：", "编辑:", "制图：",
              "制图:"}) {
            if (text.starts_with(prefix)) {
                return true;
            }
        }
    }
    return false;
}

/// Element classes whose content is never article text (vote widget, copyright box, QR codes, app promo).
bool is_dropped_class(std::string_view tag, std::string_view classes) {
    (void)tag;
    for (const std::string_view name :
         {"vote__bar", "vote__btn", "vote__time", "neirong-shouquan", "neirong-shouquan-public", "Qr-code",
          "dialog_add_wxxy_qrcode_icon", "article__reprinted-explain", "article__reprinted-explain-app"}) {
        if (sdk::html::has_word(classes, name)) {
            return true;
        }
    }
    return false;
}

void add_tags(const json& detail, sdk::Article& out) {
    const json& tags = member(detail, "tags_info");
    if (tags.is_array()) {
        for (const json& tag : tags) {
            out.tag(json_text(member(tag, "name")));
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------------------------

sdk::Status extract_json(const json& detail, sdk::Article& out) {
    const std::string content = json_text(member(detail, "content"));
    out.title(json_text(member(detail, "title")));
    const std::string dateline = json_text(member(detail, "dateline"));
    if (const auto stamp = sdk::time_from_unix_text(dateline)) {
        out.published_at(stamp->text());
    } else if (const auto when = sdk::find_datetime(json_text(member(detail, "publish_time")))) {
        out.published_at(*when);
    }
    std::string preface_text = json_text(member(detail, "content_preface"));
    if (preface_text.empty()) {
        preface_text = json_text(member(detail, "preface"));
    }
    const Preface preface = parse_preface(preface_text);
    std::string author = preface.author;
    if (author.empty()) {
        author = json_text(member(member(detail, "user_info"), "username"));
    }
    if (author.empty()) {
        author = json_text(member(member(detail, "author_info"), "username"));
    }
    out.author(author);
    out.source(preface.source.empty() ? std::string(kSiteName) : preface.source);
    add_tags(detail, out);

    bool first = true;
    for (const sdk::html::Block& block : sdk::html::blocks(content, is_dropped_class)) {
        const std::string_view text = sdk::trim(block.text);
        if (text.empty()) {
            continue; // an image without text
        }
        // Older bodies carry the preface as their first paragraph.
        if (first && is_preface(text)) {
            first = false;
            continue;
        }
        first = false;
        if (!is_boilerplate(text)) {
            out.paragraph(block.text);
        }
    }
    return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
}

sdk::Node first_of(const sdk::Page& page, std::initializer_list<std::string_view> selectors) {
    for (const std::string_view selector : selectors) {
        if (sdk::Node node = page.select_first(selector)) {
            return node;
        }
    }
    return {};
}

/// The 2013-2022 server-rendered layouts (no embedded state).
sdk::Status extract_dom(const sdk::Page& page, sdk::Article& out) {
    const sdk::Node body = first_of(page, {".article__content", "#article_read", "div.article-content-wrap",
                                           "#neirong_box", ".neirong-box"});
    if (!body) {
        return sdk::Status::no_content;
    }
    std::string title(first_of(page, {"h1.article__title", ".article__title", "h1.t-h1",
                                      ".article__bottom-content__right h1", ".neirong h1"})
                          .text());
    if (title.empty()) {
        title = std::string(page.meta("og:title").value_or(""));
    }
    out.title(title);
    const std::string_view time = first_of(page, {".article__time", "span.article-time", ".article-time"}).text();
    if (const auto when = sdk::find_datetime(time)) {
        out.published_at(*when);
    }
    const std::string dom_author(
        first_of(page, {".author-info__username", ".article-author .author-name a", ".author-name a", ".author-name"})
            .text());

    std::vector<std::string> paragraphs;
    Preface preface;
    bool first = true;
    const auto take = [&](std::string_view piece) {
        piece = sdk::trim(piece);
        if (piece.empty()) {
            return;
        }
        if (first && is_preface(piece)) {
            preface = parse_preface(piece);
            first = false;
            return;
        }
        first = false;
        if (!is_boilerplate(piece)) {
            paragraphs.emplace_back(piece);
        }
    };
    const std::vector<sdk::Node> children = body.children();
    if (children.empty()) {
        for (const std::string_view piece : body.paragraphs()) {
            take(piece);
        }
    }
    for (const sdk::Node& child : children) {
        if (is_dropped_class(child.tag(), child.attr_or("class"))) {
            continue;
        }
        for (const std::string_view piece : child.paragraphs()) {
            take(piece);
        }
    }
    out.author(!preface.author.empty() ? std::string_view(preface.author) : std::string_view(dom_author));
    out.source(preface.source.empty() ? std::string(kSiteName) : preface.source);
    for (const std::string& paragraph : paragraphs) {
        out.paragraph(paragraph);
    }
    return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
}

// ---------------------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------------------

class LinkSet {
public:
    LinkSet(sdk::Discovery& out, std::string self) : out_(out) { seen_.insert(std::move(self)); }

    void article(std::string_view aid) {
        std::string url = article_url(aid);
        if (seen_.insert(url).second) {
            out_.link(url, sdk::PageKind::article);
        }
    }

private:
    sdk::Discovery& out_;
    std::unordered_set<std::string> seen_;
};

void discover_api(const sdk::Page& page, sdk::Discovery& out, LinkSet& links) {
    const json answer = page.json();
    const json& data = member(answer, "data");
    const json* list = &member(data, "dataList");
    if (!list->is_array()) {
        list = &member(data, "datalist");
    }
    if (!list->is_array() || list->empty()) {
        return; // the last page: an empty list ends the paging
    }
    std::string last_time;
    for (const json& item : *list) {
        const std::string aid = json_text(member(item, "aid"));
        if (is_digits(aid)) {
            links.article(aid);
            last_time = json_text(member(item, "dateline"));
        }
    }
    std::string channel = sdk::url::query_param(page.url(), "channel_id").value_or("0");
    if (channel.empty()) {
        channel = "0";
    }
    const std::string api(page.url().substr(0, page.url().find('?')));
    if (sdk::url::path(api).ends_with("/articleListV1")) {
        const std::string last_id = json_text(member(data, "last_id"));
        if (!last_id.empty()) {
            out.request(channel_request(api, channel, "last_id", last_id));
        }
    } else if (is_digits(last_time)) {
        out.request(channel_request(api, channel, "last_time", last_time));
    }
}

/// RSS and other text: every www article URL mentioned.
void discover_text(std::string_view body, LinkSet& links) {
    constexpr std::string_view kMarker = "huxiu.com/article/";
    for (std::size_t at = body.find(kMarker); at != std::string_view::npos; at = body.find(kMarker, at + 1)) {
        std::size_t end = at + kMarker.size();
        while (end < body.size() && body[end] >= '0' && body[end] <= '9') {
            ++end;
        }
        if (end > at + kMarker.size() && body.substr(end).starts_with(".html")) {
            links.article(body.substr(at + kMarker.size(), end - at - kMarker.size()));
        }
    }
}

} // namespace

class HuxiuPlugin {
public:
    static constexpr const char* version = "2026.11.1";
    static constexpr const char* hosts[] = {"*.huxiu.com"};
    static constexpr int priority = 100;
    static constexpr bool concurrent = true; // per-call state only; settings are read-only after configure

    static sdk::PageKind classify(std::string_view url) {
        const std::string host = sdk::url::host(url);
        const std::string_view path = sdk::url::path(url);
        if (is_site_host(host)) {
            if (path.empty() || path == "/" || path == "/index.html") {
                return sdk::PageKind::list;
            }
            if (article_id_of(url)) {
                return sdk::PageKind::article;
            }
            if (path.starts_with("/channel/") || path == "/article/" || path == "/article") {
                return sdk::PageKind::list;
            }
            if (path.starts_with("/rss/") && path.ends_with(".xml")) {
                return sdk::PageKind::feed;
            }
            return sdk::PageKind::ignore;
        }
        if (host == "rss.huxiu.com" || is_channel_api(url)) {
            return sdk::PageKind::feed;
        }
        return sdk::PageKind::ignore;
    }

    sdk::Status prepare(std::string_view url, sdk::PageKind kind, sdk::Discovery& out) const {
        if (kind == sdk::PageKind::feed && is_channel_api(url)) {
            // The API only answers form POSTs: rebuild the request from the fields the URL repeats.
            const std::string api(url.substr(0, url.find('?')));
            const std::string channel = sdk::url::query_param(url, "channel_id").value_or("0");
            for (const std::string_view field : {"last_id", "last_time"}) {
                if (const auto value = sdk::url::query_param(url, field)) {
                    out.request(channel_request(api, channel, field, *value));
                    return sdk::Status::ok;
                }
            }
            out.request(channel_request(api, channel, "last_id", ""));
            return sdk::Status::ok;
        }
        if (kind == sdk::PageKind::article) {
            // m pages and links with ?f=rss / ?h_s=… are fetched as the canonical www page.
            if (const auto aid = article_id_of(url); aid && url != article_url(*aid)) {
                sdk::Request request;
                request.url = article_url(*aid);
                request.kind = sdk::PageKind::article;
                request.document_url = article_url(*aid);
                out.request(request);
                return sdk::Status::ok;
            }
        }
        return sdk::Status::not_mine;
    }

    sdk::Status seeds(sdk::Discovery& out) const {
        out.request(channel_request(kChannelApi, "0", "last_id", ""));
        out.link(kRss, sdk::PageKind::feed);
        out.link(std::string(kWww) + "/", sdk::PageKind::list);
        return sdk::Status::ok;
    }

    sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) const {
        const auto self = article_id_of(page.document_url());
        LinkSet links(out, self ? article_url(*self) : std::string(page.document_url()));
        if (is_channel_api(page.url())) {
            discover_api(page, out, links);
            return sdk::Status::ok;
        }
        if (!page.is_html()) {
            discover_text(page.body(), links);
            return sdk::Status::ok;
        }
        for (const sdk::Node& anchor : page.select("a[href]")) {
            if (const auto aid = article_id_of(page.resolve(anchor.attr_or("href")))) {
                links.article(*aid);
            }
        }
        return sdk::Status::ok;
    }

    sdk::Status extract(const sdk::Page& page, sdk::Article& out) const {
        if (!page.is_html() || !article_id_of(page.document_url())) {
            return sdk::Status::no_content;
        }
        if (const auto detail = embedded_article(page)) {
            if (!json_text(member(*detail, "content")).empty()) {
                return extract_json(*detail, out);
            }
        }
        return extract_dom(page, out);
    }
};

NEWSARC_PLUGIN(huxiu, HuxiuPlugin)
