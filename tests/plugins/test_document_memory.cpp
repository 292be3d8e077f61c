// dom::Document keeps gumbo's tree in a per-page arena: the tree must be the one gumbo builds under malloc, on
// real pages and on the inputs that take the other paths (depth-limited input, input above the arena's bound).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "newsarc/dom/document.hpp"
#include "support/paths.hpp"

namespace {

using newsarc::dom::Document;

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Every node of the tree in document order: type, tag, attributes and text, one line each.
void dump(const Document& document, const GumboNode* node, std::string& out) {
    out += std::to_string(node->type);
    out += ' ';
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
        out += document.tag_name(node);
        const GumboVector& attributes = node->v.element.attributes;
        for (unsigned i = 0; i < attributes.length; ++i) {
            const auto* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
            out += ' ';
            out += attr->name;
            out += '=';
            out += attr->value;
        }
    } else if (node->type != GUMBO_NODE_DOCUMENT) {
        out += node->v.text.text;
    }
    out += '\n';
    if (const GumboVector* children = newsarc::dom::child_nodes(node)) {
        for (unsigned i = 0; i < children->length; ++i) {
            dump(document, static_cast<const GumboNode*>(children->data[i]), out);
        }
    }
}

std::string tree(std::string_view html, Document::Memory memory) {
    const auto document = Document::parse(html, memory);
    std::string out;
    dump(*document, document->root(), out);
    return out;
}

/// Compares two dumps by size and first difference, so a failure prints a line, not the whole tree.
void require_same_tree(const std::string& arena, const std::string& malloc_tree, const std::string& what) {
    INFO(what << ": arena dump " << arena.size() << " bytes, malloc dump " << malloc_tree.size() << " bytes");
    const auto mismatch = std::mismatch(arena.begin(), arena.end(), malloc_tree.begin(), malloc_tree.end());
    const auto at = static_cast<std::size_t>(mismatch.first - arena.begin());
    INFO("first difference at byte " << at << ": " << arena.substr(at, 80));
    REQUIRE(arena == malloc_tree);
}

} // namespace

TEST_CASE("a page parsed in the arena has the tree gumbo builds under malloc", "[dom][arena]") {
    const std::filesystem::path pages = newsarc::test::shared_dir() / "sites" / "generic-dev";
    int compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(pages)) {
        if (entry.path().extension() != ".html") {
            continue;
        }
        const std::string html = read_file(entry.path());
        const auto document = Document::parse(html, Document::Memory::arena);
        // The arena held the parse (a real page is far below the bound).
        CHECK(document->arena_bytes() > html.size() / 2);
        require_same_tree(tree(html, Document::Memory::arena), tree(html, Document::Memory::malloc),
                          entry.path().filename().string());
        ++compared;
    }
    REQUIRE(compared >= 20);
}

TEST_CASE("the default parse uses the arena and falls back to malloc above the bound", "[dom][arena]") {
    const std::string small = "<html><body><p class=a>一段文字</p></body></html>";
    CHECK(Document::parse(small)->arena_bytes() > 0);

    // Above kMaxArenaInput the arena would keep every buffer gumbo discards: the parse runs under malloc and
    // still gives the whole tree.
    std::string big = "<html><body>";
    while (big.size() <= newsarc::dom::kMaxArenaInput) {
        big += "<p>人工智能的新闻 <a href='/a'>链接</a></p>\n";
    }
    big += "<p id=last>最后一段</p></body></html>";
    const auto document = Document::parse(big);
    CHECK(document->arena_bytes() == 0);
    const std::string dumped = tree(big, Document::Memory::malloc);
    CHECK(dumped.find("p id=last") != std::string::npos);
}

TEST_CASE("a depth-limited page keeps the same tree in the arena", "[dom][arena]") {
    std::string deep;
    for (std::size_t i = 0; i < newsarc::dom::kMaxDepth * 3; ++i) {
        deep += "<div class=d>";
    }
    deep += "深处的文字";
    const auto document = Document::parse(deep, Document::Memory::arena);
    CHECK(document->depth_limited());
    CHECK(document->arena_bytes() > 0);
    require_same_tree(tree(deep, Document::Memory::arena), tree(deep, Document::Memory::malloc), "deep page");
}
