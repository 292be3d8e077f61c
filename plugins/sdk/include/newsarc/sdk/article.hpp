// Article: what extract sets (fields, paragraphs, tags), trimmed and with empty values dropped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/node.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk {

/// Extraction output. Setters trim their value and ignore empty ones, so `out.author(node.text())` is safe
/// when the node is missing. Paragraphs are trimmed and empty ones dropped.
class Article {
public:
    explicit Article(const Context* context) noexcept : context_(context) {}

    void field(std::string_view name, std::string_view value) {
        value = trim(value);
        if (!value.empty()) {
            context_->host()->set_field(context_->call(), to_c(name), to_c(value));
            if (name == "title") {
                has_title_ = true;
            }
        }
    }
    void title(std::string_view value) { field("title", collapse_space(value)); }
    void author(std::string_view value) { field("author", collapse_space(value)); }
    void source(std::string_view value) { field("source", collapse_space(value)); }
    /// ISO 8601 with offset, or "YYYY-MM-DD HH:MM[:SS]" in China time (see find_datetime, time_from_unix in time.hpp).
    void published_at(std::string_view value) { field("published_at", value); }
    void canonical_url(std::string_view value) { field("canonical_url", value); }
    void summary(std::string_view value) { field("summary", value); }
    void lang(std::string_view value) { field("lang", value); }

    /// Adds one paragraph (plain text, reading order). Inner white space runs within a line are collapsed.
    void paragraph(std::string_view text) {
        const std::string collapsed = collapse_lines(text);
        if (!collapsed.empty()) {
            context_->host()->add_paragraph(context_->call(), to_c(collapsed));
            ++paragraphs_;
        }
    }
    /// Adds every paragraph of a node's text (its block children become separate paragraphs).
    void paragraphs(const Node& node) {
        for (const std::string_view piece : node.paragraphs()) {
            paragraph(piece);
        }
    }
    void tag(std::string_view text) {
        text = trim(text);
        if (!text.empty()) {
            context_->host()->add_tag(context_->call(), to_c(text));
        }
    }
    /// Marks the article as paywalled: an extract that returns Status::ok then reports NEWSARC_PAYWALLED.
    void paywalled(bool value = true) noexcept { paywalled_ = value; }

    [[nodiscard]] bool is_paywalled() const noexcept { return paywalled_; }
    [[nodiscard]] std::size_t paragraph_count() const noexcept { return paragraphs_; }
    [[nodiscard]] bool has_title() const noexcept { return has_title_; }
    /// True when no paragraph was added.
    [[nodiscard]] bool empty() const noexcept { return paragraphs_ == 0; }
    [[nodiscard]] const Context& log() const noexcept { return *context_; }

private:
    // Collapses white space within each line and keeps single line breaks (from <br>).
    static std::string collapse_lines(std::string_view text) {
        std::string out;
        for (const std::string_view line : split_trimmed(text, "\n")) {
            if (!out.empty()) {
                out.push_back('\n');
            }
            out += collapse_space(line);
        }
        return out;
    }

    const Context* context_;
    std::size_t paragraphs_ = 0;
    bool paywalled_ = false;
    bool has_title_ = false;
};

} // namespace newsarc::sdk
