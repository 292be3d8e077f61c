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
    std::string configured_ = "none";
};

} // namespace

NEWSARC_PLUGIN(sdk_probe, SdkProbe)
