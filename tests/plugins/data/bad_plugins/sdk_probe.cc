// A test plugin written with the C++ SDK: it reports what the SDK and the host API give it as fields, so
// tests can check Node, Page, script_json, link resolution and exception handling through a real .so.
#include <stdexcept>
#include <string>

#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;

namespace {

class SdkProbe {
public:
    static constexpr const char* version = "0.1";
    static constexpr const char* hosts[] = {"probe.example.com", "*.probe.example.net"};
    static constexpr int priority = 5;

    static sdk::PageKind classify(std::string_view url) {
        const std::string_view path = sdk::url::path(url);
        if (path.starts_with("/list")) {
            return sdk::PageKind::list;
        }
        if (path.starts_with("/skip")) {
            return sdk::PageKind::ignore;
        }
        return sdk::PageKind::article;
    }

    void configure(const nlohmann::json& settings, sdk::Context& context) {
        configured_ = settings.value("mode", std::string("none"));
        context.info("configured mode " + configured_);
    }

    sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) const {
        for (const sdk::Node& anchor : page.select("a[href]")) {
            out.link(anchor.attr_or("href"), sdk::PageKind::article, 1);
        }
        out.request(sdk::Request{"/api/list?page=2", sdk::PageKind::feed, 3, "POST", "a=1", "X-Test: yes", ""});
        return sdk::Status::ok;
    }

    sdk::Status extract(const sdk::Page& page, sdk::Article& out) const {
        const std::string_view path = sdk::url::path(page.url());
        if (path.starts_with("/throw")) {
            throw std::runtime_error("probe failure on " + std::string(page.url()));
        }
        if (path.starts_with("/bad-selector")) {
            (void)page.select("div[");
        }
        if (path.starts_with("/paywall")) {
            out.paywalled();
        }
        if (path.starts_with("/services")) {
            return services(page, out);
        }
        if (path.starts_with("/json")) {
            const nlohmann::json body = page.json();
            out.title(body.at("title").get<std::string>());
            out.paragraph(body.at("text").get<std::string>());
            return sdk::Status::ok;
        }
        out.title(page.select_first("h1").text());
        out.author(page.select_first(".author").text());
        out.published_at(sdk::find_datetime(page.select_first(".time").text()).value_or(""));
        out.field("meta_description", page.meta("description").value_or(""));
        out.field("configured", configured_);
        out.field("first_tag", page.select_first("div.body > *").tag());
        out.field("parent_tag", page.select_first("div.body p").parent().tag());
        out.field("child_count", std::to_string(page.select_first("div.body").children().size()));
        out.field("missing_attr", page.select_first("h1").attr("nope") ? "present" : "absent");
        if (const auto state = page.script_json("window.__INITIAL_STATE__")) {
            out.field("state_id", std::to_string(state->value("id", 0)));
        }
        if (const auto nuxt = page.script_json("#__NUXT_DATA__")) {
            out.field("nuxt_size", std::to_string(nuxt->size()));
        }
        out.field("resolved", page.resolve("../a/./b.html?x=1#frag"));
        for (const sdk::Node& paragraph : page.select("div.body p")) {
            out.paragraph(paragraph.text());
        }
        out.tag("probe");
        page.log().info("extracted " + std::to_string(out.paragraph_count()) + " paragraphs");
        return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
    }

    void seeds(sdk::Discovery& out) const {
        out.link("https://probe.example.com/list/1", sdk::PageKind::list);
    }

    sdk::Status prepare(std::string_view url, sdk::PageKind kind, sdk::Discovery& out) const {
        if (kind != sdk::PageKind::article) {
            return sdk::Status::not_mine;
        }
        sdk::Request request;
        request.url = sdk::url::set_query_param("https://probe.example.com/api/article", "url", url);
        request.kind = sdk::PageKind::article;
        request.document_url = std::string(url);
        out.request(request);
        return sdk::Status::ok;
    }

private:
    // The ABI 1.1 host services as a plugin reaches them through the SDK, each reported as a field.
    static sdk::Status services(const sdk::Page& page, sdk::Article& out) {
        const sdk::url::Parts parts = sdk::url::split("HTTPS://User@Www.Probe.Example.com:8443/a/b.html?x=1&y=2#top");
        out.field("split", std::string(parts.scheme) + "|" + std::string(parts.host) + "|" + std::string(parts.port) +
                               "|" + std::string(parts.path) + "|" + std::string(parts.query) + "|" +
                               std::string(parts.fragment));
        out.field("split_bad", sdk::url::split("not a url").valid ? "valid" : "invalid");
        out.field("resolve_js", sdk::url::resolve(page.url(), "javascript:void(0)").empty() ? "skipped" : "kept");
        out.field("normalized", sdk::url::normalize("HTTP://Probe.Example.com:80/a/../b/%7Ex?utm_source=q#f"));
        out.field("query_edit", sdk::url::set_query_param(page.url(), "page", "2"));
        sdk::TimeContext context;
        context.now = sdk::unix_from_text(page.fetched_at());
        out.field("time_meta", sdk::find_time("2024-05-01T08:30+08:00").value_or(sdk::PrintedTime{}).iso());
        out.field("time_chinese", sdk::find_datetime("发布于 2024年5月1日 08:30 来源").value_or(""));
        out.field("time_relative", sdk::find_datetime("3小时前", context).value_or(""));
        out.field("time_url", sdk::date_from_url("https://probe.example.com/2024-05/13/c.html")->text());
        out.field("time_unix", sdk::time_from_unix(1714523400000LL)->text());
        out.field("entities", sdk::html::decode_entities("a&amp;b &lt;i&gt; &#x4E2D;&nbsp;&hellip;"));
        std::string blocks;
        for (const sdk::html::Block& block : sdk::html::blocks(
                 "<p class=\"lead\">One &amp; <b>two</b></p><div class=\"ad\">buy</div><p>three<br>four<img src=x>",
                 [](std::string_view, std::string_view classes) { return sdk::html::has_word(classes, "ad"); })) {
            blocks += std::string(block.tag) + ":" + std::string(block.text) + (block.has_image ? "+img" : "") + ";";
        }
        out.field("blocks", blocks);
        out.paragraph("services");
        return sdk::Status::ok;
    }

    std::string configured_ = "none";
};

} // namespace

NEWSARC_PLUGIN(sdk_probe, SdkProbe)
