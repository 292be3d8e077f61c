// Writing an inferred site: the TOML file, its fixtures and README, checked with the real reader first.
#include "newsarc/sitegen/site_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "newsarc/plugin_host/declarative.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::sitegen {
namespace {

namespace host = newsarc::plugin_host;
namespace fs = std::filesystem;

toml::array strings(const std::vector<std::string>& values) {
    toml::array out;
    for (const std::string& value : values) {
        out.push_back(value);
    }
    return out;
}

// A field as the reader's format has it: "selector", "selector@attr", or { selector, format }.
toml::array sources(const std::vector<FieldSource>& values) {
    toml::array out;
    for (const FieldSource& source : values) {
        if (!source.format.empty()) {
            toml::table table;
            table.insert("selector", source.attr.empty() ? source.selector : source.selector + "@" + source.attr);
            table.insert("format", source.format);
            out.push_back(std::move(table));
        } else {
            out.push_back(source.attr.empty() ? source.selector : source.selector + "@" + source.attr);
        }
    }
    return out;
}

std::string case_name(const std::string& prefix, const std::string& file, std::vector<std::string>& taken) {
    std::string stem;
    for (const char c : fs::path(file).stem().string()) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        stem += keep ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '-';
    }
    std::string name = prefix + "-" + (stem.empty() ? "page" : stem);
    for (int n = 2; std::find(taken.begin(), taken.end(), name) != taken.end(); ++n) {
        name = prefix + "-" + stem + "-" + std::to_string(n);
    }
    taken.push_back(name);
    return name;
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) {
        throw Failure("cannot write " + path.string());
    }
}

struct Staged {
    fs::path dir;
    ~Staged() {
        std::error_code error;
        fs::remove_all(dir, error);
    }
};

host::PageOutcome read_back(const host::Plugin& plugin, const SamplePage& sample) {
    host::PageInput input;
    input.url = sample.url;
    input.body = sample.html;
    input.fetched_at = "2026-01-01T00:00:00+08:00";
    return host::run(plugin, input, host::Mode{true, !sample.list});
}

std::string readme(const InferredSite& site, const std::vector<SamplePage>& pages,
                   const std::vector<std::string>& fixtures) {
    std::ostringstream out;
    out << "# " << site.id << " (inferred by `newsarc sites new`)\n\n"
        << "The site file `../" << site.id << ".toml` was inferred from the pages below: the generic extractor read "
        << "each article page, the elements it took each field from were found in the page, and for each field the "
        << "shortest selector that reads the same value on every page was kept. Review it, and the fixtures' "
        << "expected.json (the site's own reading of each page), before relying on it.\n\n"
        << "## Pages\n\n| file | kind | URL | fixture |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < pages.size(); ++i) {
        out << "| `" << pages[i].file << "` | " << (pages[i].list ? "list" : "article") << " | " << pages[i].url
            << " | `fixtures/" << fixtures[i] << "` |\n";
    }
    out << "\n## What was inferred\n\n| field | selector | pages agreeing | note |\n|---|---|---|---|\n";
    for (const FieldReport& report : site.report) {
        out << "| " << report.field << " | `" << report.selector << "` | " << report.agreed << "/" << report.pages
            << " | " << report.note << " |\n";
    }
    if (!site.drop.empty() || !site.drop_lines.empty() || !site.drop_prefixes.empty()) {
        out << "\nDrop rules (blocks inside the body the generic extractor did not take as article text): ";
        std::string all;
        for (const auto* list : {&site.drop, &site.drop_lines, &site.drop_prefixes}) {
            for (const std::string& rule : *list) {
                all += (all.empty() ? "`" : ", `") + rule + "`";
            }
        }
        out << all << ".\n";
    }
    out << "\nRun `newsarc plugins test " << site.id << " --sites-dir DIR` to check the fixtures after editing.\n";
    return out.str();
}

} // namespace

std::string site_toml(const InferredSite& site) {
    toml::table urls;
    urls.insert("article", strings(site.article_patterns));
    urls.insert("list", strings(site.list_patterns));
    urls.insert("ignore", strings({R"(\.(jpe?g|png|gif|webp|css|js|pdf|zip|mp4)(\?.*)?$)"}));
    toml::table article;
    article.insert("title", sources(site.title));
    if (!site.title_suffixes.empty()) {
        article.insert("title_suffix", strings(site.title_suffixes));
    }
    if (!site.time.empty()) {
        article.insert("time", sources(site.time));
    }
    if (!site.author.empty()) {
        article.insert("author", sources(site.author));
    }
    article.insert("canonical_url", "link[rel=canonical]@href");
    if (site.body.size() == 1) {
        article.insert("body", site.body.front());
    } else {
        article.insert("body", strings(site.body));
    }
    std::vector<std::string> drop = {"script", "style"};
    drop.insert(drop.end(), site.drop.begin(), site.drop.end());
    article.insert("drop", strings(drop));
    if (!site.drop_lines.empty()) {
        article.insert("drop_lines", strings(site.drop_lines));
    }
    if (!site.drop_prefixes.empty()) {
        article.insert("drop_prefixes", strings(site.drop_prefixes));
    }
    toml::table root;
    root.insert("id", site.id);
    root.insert("name", site.id);
    root.insert("version", "1");
    root.insert("hosts", strings(site.hosts));
    root.insert("priority", 50);
    root.insert("seeds", strings(site.seeds));
    root.insert("urls", std::move(urls));
    root.insert("article", std::move(article));
    std::ostringstream out;
    out << "# " << site.id << ": inferred by `newsarc sites new` from saved pages (what, from which pages: "
        << site.id << "/README.md).\n"
        << "# Format: configs/sites/README.md.\n"
        << root << "\n";
    return out.str();
}

Result<WrittenSite> write_site(InferredSite& site, const std::vector<SamplePage>& pages, const fs::path& out_dir) {
    std::error_code error;
    const fs::path site_file = out_dir / (site.id + ".toml");
    const fs::path folder = out_dir / site.id;
    if (fs::exists(site_file, error) || fs::exists(folder, error)) {
        return make_error("site '" + site.id + "' exists in " + out_dir.string() + " (" +
                              (fs::exists(site_file, error) ? site_file : folder).string() +
                              "): choose another ID or remove it",
                          2);
    }
    fs::create_directories(out_dir, error);
    if (error) {
        return make_error("cannot create " + out_dir.string() + ": " + error.message(), 1);
    }
    Staged staged{out_dir / ("." + site.id + ".sites-new")};
    fs::remove_all(staged.dir, error);
    fs::create_directories(staged.dir, error);
    if (error) {
        return make_error("cannot create " + staged.dir.string() + ": " + error.message(), 1);
    }

    // Read back with the real reader; a time format it reads differently from the generic extractor on any
    // page is dropped (the reader then finds the time by itself).
    std::vector<host::PageOutcome> outcomes;
    for (int attempt = 0; attempt < 2; ++attempt) {
        write_text(staged.dir / (site.id + ".toml"), site_toml(site));
        auto plugin = host::load_declarative_site(staged.dir / (site.id + ".toml"));
        if (!plugin) {
            return make_error("the inferred site does not load (a bug, please report it): " + plugin.error().message, 1);
        }
        outcomes.clear();
        for (const SamplePage& page : pages) {
            outcomes.push_back(read_back(*plugin.value(), page));
        }
        bool format_ok = true;
        for (std::size_t i = 0; i < pages.size(); ++i) {
            if (!pages[i].list && outcomes[i].field("published_at").empty() && !site.time.empty()) {
                format_ok = false;
            }
        }
        const bool formats = std::any_of(site.time.begin(), site.time.end(),
                                         [](const FieldSource& source) { return !source.format.empty(); });
        if (format_ok || !formats) {
            break;
        }
        for (FieldSource& source : site.time) {
            source.format.clear();
        }
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (pages[i].list) {
            continue;
        }
        if (outcomes[i].kind != NEWSARC_PAGE_ARTICLE || !outcomes[i].extracted() ||
            outcomes[i].field("title").empty()) {
            return make_error(pages[i].file + ": the inferred site does not read it back as an article (kind " +
                                  std::string(host::kind_name(outcomes[i].kind)) + ", " +
                                  (outcomes[i].extract_status ? std::string(host::status_name(*outcomes[i].extract_status))
                                                              : "not extracted") +
                                  ")",
                              1);
        }
    }

    WrittenSite written{site_file, folder, {}};
    const fs::path staged_folder = staged.dir / site.id;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const std::string name = case_name(pages[i].list ? "list" : "article", pages[i].file, written.fixtures);
        const fs::path dir = staged_folder / "fixtures" / name;
        fs::create_directories(dir, error);
        write_text(dir / "page.html", pages[i].html);
        nlohmann::json meta{{"url", pages[i].url}, {"fetched_at", "2026-01-01T00:00:00+08:00"}};
        write_text(dir / "meta.json", meta.dump(2) + "\n");
        const host::PageOutcome& outcome = outcomes[i];
        nlohmann::json expected;
        expected["kind"] = host::kind_name(outcome.kind);
        if (pages[i].list) {
            expected["min_links"] = outcome.links.size();
        } else {
            expected["status"] = "ok";
            for (const char* field : {"title", "published_at", "author"}) {
                if (!outcome.field(field).empty()) {
                    expected[field] = outcome.field(field);
                }
            }
            expected["paragraphs"] = outcome.paragraphs;
        }
        write_text(dir / "expected.json", expected.dump(2) + "\n");
    }
    write_text(staged_folder / "README.md", readme(site, pages, written.fixtures));

    // Everything is in place: two renames inside one folder.
    fs::rename(staged.dir / (site.id + ".toml"), site_file, error);
    if (!error) {
        fs::rename(staged_folder, folder, error);
    }
    if (error) {
        const std::string reason = error.message();
        fs::remove(site_file, error);
        return make_error("cannot move the site into " + out_dir.string() + ": " + reason, 1);
    }
    return written;
}

} // namespace newsarc::sitegen
