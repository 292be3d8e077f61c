// parse_feed with expat (a well-kept streaming parser: no tree, any size in constant memory), gunzip with zlib,
// feed links through gumbo's parse of the page's head.
#include "feeds.hpp"

#include <curl/curl.h>
#include <expat.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "newsarc/web/printed_time.hpp"
#include "newsarc/dom/document.hpp"

namespace newsarc::crawl {
namespace {

/// The local name of an element ("news:publication_date" -> "publication_date"; expat is not namespace-aware
/// here, so prefixes are dropped by hand: sitemaps and feeds use a few well-known ones).
std::string_view local_name(const char* name) {
    std::string_view text(name);
    const auto colon = text.rfind(':');
    return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

/// Unix seconds of a W3C date-time ("2024-05-01", "2024-05-01T10:00:00+08:00") or an RFC 822 date
/// ("Wed, 01 May 2024 10:00:00 +0800"), or nullopt.
std::optional<std::int64_t> feed_time(std::string_view text) {
    if (const auto iso = web::unix_from_text(text)) {
        return iso;
    }
    const std::string copy(text);
    const time_t when = curl_getdate(copy.c_str(), nullptr);
    if (when <= 0) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(when);
}

struct Reader {
    FeedDocument document;
    int depth = 0;
    int entry_depth = 0;        ///< the depth of the open <url>/<sitemap>/<item>/<entry>, 0 when none
    std::string field;          ///< the local name of the element whose text is being read
    std::string text;
    FeedEntry entry;
    std::optional<std::int64_t> lastmod, published;

    void start(const char* name, const char** attributes) {
        ++depth;
        const std::string_view local = local_name(name);
        if (depth == 1) {
            document.kind = local == "urlset"         ? FeedDocument::Kind::urlset
                            : local == "sitemapindex" ? FeedDocument::Kind::sitemap_index
                            : local == "rss" || local == "RDF" ? FeedDocument::Kind::rss
                            : local == "feed"         ? FeedDocument::Kind::atom
                                                      : FeedDocument::Kind::none;
            return;
        }
        const bool opens_entry = local == "url" || local == "sitemap" || local == "item" || local == "entry";
        if (entry_depth == 0 && opens_entry && document.kind != FeedDocument::Kind::none) {
            entry_depth = depth;
            entry = FeedEntry{};
            lastmod.reset();
            published.reset();
            return;
        }
        if (entry_depth == 0) {
            return;
        }
        field = local;
        text.clear();
        if (document.kind == FeedDocument::Kind::atom && local == "link") {
            // Atom: <link href="..."/>, the article's own unless rel says otherwise.
            std::string_view href;
            std::string_view rel = "alternate";
            for (const char** attribute = attributes; attribute[0] != nullptr; attribute += 2) {
                if (std::strcmp(attribute[0], "href") == 0) {
                    href = attribute[1];
                } else if (std::strcmp(attribute[0], "rel") == 0) {
                    rel = attribute[1];
                }
            }
            if (rel == "alternate" && entry.url.empty()) {
                entry.url = href;
            }
        }
    }

    void end() {
        if (entry_depth != 0 && depth == entry_depth) {
            entry.time = published ? published : lastmod;
            if (!entry.url.empty()) {
                if (document.entries.size() < kMaxFeedEntries) {
                    document.entries.push_back(std::move(entry));
                } else {
                    ++document.dropped;
                }
            }
            entry_depth = 0;
        } else if (entry_depth != 0 && !field.empty()) {
            const std::string value = trimmed();
            if (field == "loc" || (field == "link" && document.kind == FeedDocument::Kind::rss)) {
                entry.url = value;
            } else if (field == "guid" && entry.url.empty() && value.starts_with("http")) {
                entry.url = value;
            } else if (field == "lastmod" || field == "updated") {
                lastmod = feed_time(value);
            } else if (field == "publication_date" || field == "pubDate" || field == "published" ||
                       field == "date") {
                published = feed_time(value);
            }
            field.clear();
        }
        --depth;
    }

    [[nodiscard]] std::string trimmed() const {
        const auto first = text.find_first_not_of(" \t\r\n");
        const auto last = text.find_last_not_of(" \t\r\n");
        return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    }
};

void on_start(void* user, const XML_Char* name, const XML_Char** attributes) {
    static_cast<Reader*>(user)->start(name, attributes);
}

void on_end(void* user, const XML_Char* /*name*/) {
    static_cast<Reader*>(user)->end();
}

void on_text(void* user, const XML_Char* data, int length) {
    auto* reader = static_cast<Reader*>(user);
    if (!reader->field.empty() && reader->text.size() < 8192) { // a URL is at most 8 KB (kMaxUrlLength)
        reader->text.append(data, static_cast<std::size_t>(length));
    }
}

} // namespace

FeedDocument parse_feed(std::string_view xml) {
    Reader reader;
    XML_Parser parser = XML_ParserCreate(nullptr);
    if (parser == nullptr) {
        reader.document.error = "expat could not start";
        return std::move(reader.document);
    }
    XML_SetUserData(parser, &reader);
    XML_SetElementHandler(parser, on_start, on_end);
    XML_SetCharacterDataHandler(parser, on_text);
    // In pieces: expat takes an int length, and a document of any size is read without a copy.
    constexpr std::size_t kPiece = 1 << 20;
    for (std::size_t at = 0; at < xml.size() || at == 0; at += kPiece) {
        const std::string_view piece = xml.substr(std::min(at, xml.size()), kPiece);
        const bool last = at + kPiece >= xml.size();
        if (XML_Parse(parser, piece.data(), static_cast<int>(piece.size()), last ? 1 : 0) == XML_STATUS_ERROR) {
            reader.document.error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
                                    std::to_string(XML_GetCurrentLineNumber(parser));
            break;
        }
        if (last) {
            break;
        }
    }
    XML_ParserFree(parser);
    if (reader.document.kind == FeedDocument::Kind::none) {
        reader.document.entries.clear();
    }
    return std::move(reader.document);
}

bool is_gzip(std::string_view body) noexcept {
    return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1F && static_cast<unsigned char>(body[1]) == 0x8B;
}

std::optional<std::string> gunzip_bounded(std::string_view body, std::size_t max_bytes) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        return std::nullopt;
    }
    std::string out;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(std::min<std::size_t>(body.size(), UINT32_MAX));
    char buffer[65536];
    int code = Z_OK;
    while (code == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        code = inflate(&stream, Z_NO_FLUSH);
        if (code != Z_OK && code != Z_STREAM_END) {
            break;
        }
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (out.size() > max_bytes) {
            code = Z_MEM_ERROR; // the bomb stops here
            break;
        }
        if (stream.avail_in == 0 && code == Z_OK && stream.avail_out != 0) {
            break; // truncated input
        }
    }
    inflateEnd(&stream);
    if (code != Z_STREAM_END) {
        return std::nullopt;
    }
    return out;
}

std::vector<std::string> feed_links(std::string_view html) {
    // A feed link's type ends in "+xml": a page without those four bytes (nearly every page) is not parsed.
    html = html.substr(0, 256 * 1024);
    if (html.find("+xml") == std::string_view::npos) {
        return {};
    }
    // Feeds are named in the head: parse only that much with gumbo (the one HTML parser), not the whole page.
    std::size_t end = html.size();
    for (const std::string_view marker : {"</head>", "</HEAD>", "<body", "<BODY"}) {
        end = std::min(end, html.find(marker) == std::string_view::npos ? html.size() : html.find(marker));
    }
    const auto document = dom::Document::parse(html.substr(0, end));
    return feed_links(document->root());
}

std::vector<std::string> feed_links(const GumboNode* root) {
    std::vector<std::string> links;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_DOCUMENT && !dom::is_element(node)) {
            continue;
        }
        if (dom::is_element(node) && node->v.element.tag == GUMBO_TAG_LINK) {
            const auto rel = dom::attribute(node, "rel");
            const auto type = dom::attribute(node, "type");
            const auto href = dom::attribute(node, "href");
            if (rel && href && type && rel->find("alternate") != std::string_view::npos &&
                (*type == "application/rss+xml" || *type == "application/atom+xml")) {
                links.emplace_back(*href);
            }
        }
        const GumboVector* children = dom::child_nodes(node);
        for (unsigned i = children == nullptr ? 0 : children->length; i > 0; --i) {
            stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
        }
    }
    return links;
}

} // namespace newsarc::crawl
