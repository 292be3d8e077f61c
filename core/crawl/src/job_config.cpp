// The job-file parser: a schema table (table name -> keys -> typed reader) drives both reading and the
// unknown-key check, so a new table is one more row, not new parsing code.
#include "newsarc/crawl/job_config.hpp"

#include "fetch/address_policy.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>
#include <sstream>
#include <type_traits>
#include <utility>

#include <toml++/toml.h>

#include "newsarc/base/result.hpp"
#include "newsarc/crawl/url.hpp"
#include "redis/redis_connection.hpp"

namespace newsarc::crawl {
namespace {

/// Names the place a message is about: "job.toml:12:3".
struct Context {
    const std::string& origin;

    [[noreturn]] void fail(const toml::node* node, const std::string& message) const {
        std::ostringstream out;
        out << origin;
        if (node != nullptr && node->source().begin.line > 0) {
            out << ":" << node->source().begin.line << ":" << node->source().begin.column;
        }
        out << ": " << message;
        throw usage_failure(out.str());
    }
};

std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
    }
}

using Reader = std::function<void(const toml::node&, JobConfig&, const Context&, const std::string& key)>;

struct KeySpec {
    std::string_view name;
    Reader read;
};

struct TableSpec {
    std::string_view name; ///< "" for the top level
    std::vector<KeySpec> keys;
};

/// One typed key. `Access` returns a reference to the field; integers are range-checked.
template <typename Access>
KeySpec key(std::string_view name, Access access, double min = std::numeric_limits<double>::lowest(),
            double max = std::numeric_limits<double>::max()) {
    using T = std::remove_reference_t<std::invoke_result_t<Access, JobConfig&>>;
    Reader read = [access, min, max](const toml::node& node, JobConfig& job, const Context& context,
                                     const std::string& full_key) {
        T& field = access(job);
        auto wrong = [&](std::string_view expected) {
            context.fail(&node, "'" + full_key + "' must be " + std::string(expected) + ", found " +
                                    std::string(type_name(node)));
        };
        auto check_range = [&](double value) {
            if (value < min || value > max) {
                std::ostringstream out;
                out << "'" << full_key << "' = " << value << " is out of range [" << min << ", " << max << "]";
                context.fail(&node, out.str());
            }
        };
        if constexpr (std::is_same_v<T, std::string>) {
            if (!node.is_string()) {
                wrong("a string");
            }
            field = *node.value<std::string>();
        } else if constexpr (std::is_same_v<T, bool>) {
            if (!node.is_boolean()) {
                wrong("true or false");
            }
            field = *node.value<bool>();
        } else if constexpr (std::is_integral_v<T>) {
            if (!node.is_integer()) {
                wrong("an integer");
            }
            const auto value = *node.value<std::int64_t>();
            check_range(static_cast<double>(value));
            field = static_cast<T>(value);
        } else if constexpr (std::is_floating_point_v<T>) {
            if (!node.is_number()) {
                wrong("a number");
            }
            const auto value = *node.value<double>();
            check_range(value);
            field = static_cast<T>(value);
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
            if (!node.is_number()) {
                wrong("a number");
            }
            const auto value = *node.value<double>();
            check_range(value);
            field = value;
        } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
            if (!node.is_string()) {
                wrong("a string (a path)");
            }
            field = *node.value<std::string>();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>> ||
                             std::is_same_v<T, std::vector<std::filesystem::path>>) {
            const toml::array* array = node.as_array();
            if (array == nullptr) {
                wrong("an array of strings");
            }
            field.clear();
            for (const toml::node& element : *array) {
                if (!element.is_string()) {
                    context.fail(&element, "'" + full_key + "' must hold only strings, found " +
                                               std::string(type_name(element)));
                }
                field.emplace_back(*element.value<std::string>());
            }
        } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
            // A table of tables (one per plugin id), each kept as the JSON object the plugin's configure() reads.
            const toml::table* table = node.as_table();
            if (table == nullptr) {
                wrong("a table of tables ([" + full_key + ".<plugin id>])");
            }
            field.clear();
            for (const auto& [id, settings] : *table) {
                const toml::table* inner = settings.as_table();
                if (inner == nullptr) {
                    context.fail(&settings, "'" + full_key + "." + std::string(id.str()) +
                                                "' must be a table of settings, found " +
                                                std::string(type_name(settings)));
                }
                std::ostringstream json;
                json << toml::json_formatter{*inner};
                field[std::string(id.str())] = json.str();
            }
        } else {
            static_assert(sizeof(T) == 0, "no reader for this field type");
        }
    };
    return KeySpec{name, std::move(read)};
}

/// [clean]: `enabled`, `rules`, `convert`, and one boolean per cleaning step, named as CleanOptions names them.
std::vector<KeySpec> clean_keys() {
    std::vector<KeySpec> keys = {
        key("enabled", [](JobConfig& job) -> auto& { return job.clean.enabled; }),
        key("rules", [](JobConfig& job) -> auto& { return job.clean.rules; }),
        key("convert", [](JobConfig& job) -> auto& { return job.clean.options.convert; }),
    };
    static const std::vector<std::string> steps = clean::CleanOptions::step_names();
    for (const std::string& step : steps) {
        Reader read = [&step](const toml::node& node, JobConfig& job, const Context& context,
                              const std::string& full_key) {
            if (!node.is_boolean()) {
                context.fail(&node, "'" + full_key + "' must be true or false, found " + std::string(type_name(node)));
            }
            job.clean.options.set_step(step, *node.value<bool>());
        };
        keys.push_back(KeySpec{step, std::move(read)});
    }
    return keys;
}

/// The whole schema. Add a table here (and its struct in job_config.hpp) to extend the job file.
const std::vector<TableSpec>& schema() {
    static const std::vector<TableSpec> tables = {
        {"",
         {
             key("name", [](JobConfig& job) -> auto& { return job.name; }),
             key("seeds", [](JobConfig& job) -> auto& { return job.seeds; }),
             key("plugins", [](JobConfig& job) -> auto& { return job.plugins.use; }),
             key("plugin_seeds", [](JobConfig& job) -> auto& { return job.plugins.seeds; }),
             key("plugin_dirs", [](JobConfig& job) -> auto& { return job.plugins.dirs; }),
             key("site_dirs", [](JobConfig& job) -> auto& { return job.plugins.site_dirs; }),
             key("plugin_settings", [](JobConfig& job) -> auto& { return job.plugins.settings; }),
             key("schedule", [](JobConfig& job) -> auto& { return job.schedule; }),
             key("snapshot", [](JobConfig& job) -> auto& { return job.snapshot; }),
             key("export_dir", [](JobConfig& job) -> auto& { return job.export_dir; }),
         }},
        {"scope",
         {
             key("hosts", [](JobConfig& job) -> auto& { return job.scope.hosts; }),
             key("max_depth", [](JobConfig& job) -> auto& { return job.scope.max_depth; }, 0, 1000),
             key("max_pages", [](JobConfig& job) -> auto& { return job.scope.max_pages; }, 1, 1e12),
             key("strip_params", [](JobConfig& job) -> auto& { return job.scope.strip_params; }),
         }},
        {"politeness",
         {
             key("per_host", [](JobConfig& job) -> auto& { return job.politeness.per_host; }, 1, 1000),
             key("delay_ms", [](JobConfig& job) -> auto& { return job.politeness.delay_ms; }, 0, 3600000),
             key("global", [](JobConfig& job) -> auto& { return job.politeness.global; }, 1, 10000),
             key("robots", [](JobConfig& job) -> auto& { return job.politeness.robots; }),
         }},
        {"network",
         {
             key("connect_to", [](JobConfig& job) -> auto& { return job.network.connect_to; }),
             key("allow_private", [](JobConfig& job) -> auto& { return job.network.allow_private; }),
             key("allow_private_ranges", [](JobConfig& job) -> auto& { return job.network.allow_private_ranges; }),
             key("user_agent", [](JobConfig& job) -> auto& { return job.network.user_agent; }),
             key("timeout_s", [](JobConfig& job) -> auto& { return job.network.timeout_s; }, 1, 86400),
             key("connect_timeout_s", [](JobConfig& job) -> auto& { return job.network.connect_timeout_s; }, 1,
                 3600),
             key("low_speed_bytes", [](JobConfig& job) -> auto& { return job.network.low_speed_bytes; }, 0, 1e9),
             key("low_speed_s", [](JobConfig& job) -> auto& { return job.network.low_speed_s; }, 1, 86400),
             key("max_body_mb", [](JobConfig& job) -> auto& { return job.network.max_body_mb; }, 0.001, 4096),
             key("ca_file", [](JobConfig& job) -> auto& { return job.network.ca_file; }),
             key("max_redirects", [](JobConfig& job) -> auto& { return job.network.max_redirects; }, 0, 50),
             key("retries", [](JobConfig& job) -> auto& { return job.network.retries; }, 0, 100),
             key("retry_base_ms", [](JobConfig& job) -> auto& { return job.network.retry_base_ms; }, 0, 3600000),
             key("max_retry_after_s", [](JobConfig& job) -> auto& { return job.network.max_retry_after_s; }, 0,
                 86400),
             key("http2", [](JobConfig& job) -> auto& { return job.network.http2; }),
         }},
        {"archive",
         {
             key("path", [](JobConfig& job) -> auto& { return job.archive.path; }),
         }},
        {"frontier",
         {
             key("backend", [](JobConfig& job) -> auto& { return job.frontier.backend; }),
             key("url", [](JobConfig& job) -> auto& { return job.frontier.url; }),
             key("key_prefix", [](JobConfig& job) -> auto& { return job.frontier.key_prefix; }),
             key("lease_s", [](JobConfig& job) -> auto& { return job.frontier.lease_s; }, 1, 86400),
         }},
        {"recrawl",
         {
             key("enabled", [](JobConfig& job) -> auto& { return job.recrawl.enabled; }),
             key("after", [](JobConfig& job) -> auto& { return job.recrawl.after; }),
         }},
        {"discovery",
         {
             key("sitemaps", [](JobConfig& job) -> auto& { return job.discovery.sitemaps; }),
         }},
        {"health",
         {
             key("min_success", [](JobConfig& job) -> auto& { return job.health.min_success; }, 0, 1),
             key("drop", [](JobConfig& job) -> auto& { return job.health.drop; }, 0, 1),
             key("on_degraded", [](JobConfig& job) -> auto& { return job.health.on_degraded; }),
         }},
        {"clean", clean_keys()},
        {"topic",
         {
             key("file", [](JobConfig& job) -> auto& { return job.topic.file; }),
             key("threshold", [](JobConfig& job) -> auto& { return job.topic.threshold; }, 0, 1e9),
         }},
    };
    return tables;
}

std::string known_names(const std::vector<std::string_view>& names) {
    std::string out;
    for (const auto name : names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

void read_table(const toml::table& table, const TableSpec& spec, JobConfig& job, const Context& context) {
    const auto& tables = schema();
    for (const auto& [raw_key, node] : table) {
        const std::string name(raw_key.str());
        if (spec.name.empty()) {
            const auto sub = std::find_if(tables.begin(), tables.end(),
                                          [&](const TableSpec& t) { return !t.name.empty() && t.name == name; });
            if (sub != tables.end()) {
                const toml::table* inner = node.as_table();
                if (inner == nullptr) {
                    context.fail(&node, "'" + name + "' must be a table ([" + name + "]), found " +
                                            std::string(type_name(node)));
                }
                read_table(*inner, *sub, job, context);
                continue;
            }
        }
        const std::string full_key = spec.name.empty() ? name : std::string(spec.name) + "." + name;
        const auto found = std::find_if(spec.keys.begin(), spec.keys.end(),
                                        [&](const KeySpec& k) { return k.name == name; });
        if (found == spec.keys.end()) {
            std::vector<std::string_view> known;
            for (const auto& k : spec.keys) {
                known.push_back(k.name);
            }
            if (spec.name.empty()) {
                for (const auto& t : tables) {
                    if (!t.name.empty()) {
                        known.push_back(t.name);
                    }
                }
            }
            const std::string where = spec.name.empty() ? "the top level" : "[" + std::string(spec.name) + "]";
            context.fail(&node, "unknown key '" + full_key + "'; " + where + " knows " + known_names(known));
        }
        found->read(node, job, context, full_key);
    }
}

/// "<N>s", "<N>m", "<N>h" or "<N>d" (N > 0) as seconds.
std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    std::int64_t count = 0;
    for (const char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9' || count > 100000000) {
            return std::nullopt;
        }
        count = count * 10 + (c - '0');
    }
    const std::int64_t unit = text.back() == 's' ? 1 : text.back() == 'm' ? 60 : text.back() == 'h' ? 3600
                            : text.back() == 'd' ? 86400 : 0;
    if (count == 0 || unit == 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(count * unit);
}

void check(const toml::table& root, JobConfig& job, const Context& context) {
    if (job.seeds.empty() && (job.plugins.use.empty() || !job.plugins.seeds)) {
        context.fail(root.get("seeds"),
                     job.plugins.seeds ? "'seeds' must list at least one http or https URL (or 'plugins' name the "
                                         "plugins to start from)"
                                       : "'seeds' must list at least one http or https URL when plugin_seeds = false");
    }
    // The schedule is the daemon's (newsarc::jobs, which depends on crawl, checks it); it keeps where it was.
    if (const toml::node* schedule = root.get("schedule"); schedule != nullptr) {
        job.schedule_where = context.origin;
        if (schedule->source().begin.line > 0) {
            job.schedule_where += ":" + std::to_string(schedule->source().begin.line) + ":" +
                                  std::to_string(schedule->source().begin.column);
        }
    }
    job.recrawl.steps.clear();
    for (std::size_t i = 0; i < job.recrawl.after.size(); ++i) {
        const auto step = parse_duration(job.recrawl.after[i]);
        if (!step) {
            const toml::table* recrawl = root.get_as<toml::table>("recrawl");
            const toml::array* after = recrawl != nullptr ? recrawl->get_as<toml::array>("after") : nullptr;
            context.fail(after != nullptr ? after->get(i) : nullptr,
                         "'recrawl.after' entry '" + job.recrawl.after[i] + "' must look like 30m, 6h or 7d");
        }
        job.recrawl.steps.push_back(*step);
    }
    if (job.snapshot != "none" && job.snapshot != "after-run") {
        context.fail(root.get("snapshot"), "'snapshot' must be \"none\" or \"after-run\", found \"" + job.snapshot + "\"");
    }
    if (!job.export_dir.empty() && job.snapshot != "after-run") {
        context.fail(root.get("export_dir"), "'export_dir' needs snapshot = \"after-run\" (it exports each run's snapshot)");
    }
    if (const toml::array* used = root.get_as<toml::array>("plugins")) {
        for (const toml::node& entry : *used) {
            std::ostringstream where;
            where << context.origin << ":" << entry.source().begin.line << ":" << entry.source().begin.column;
            job.plugins.use_positions.push_back(where.str());
        }
    }
    UrlOptions url_options;
    for (std::size_t i = 0; i < job.seeds.size(); ++i) {
        const auto normalized = normalize_url(job.seeds[i], url_options);
        if (!normalized) {
            const toml::array* seeds = root.get_as<toml::array>("seeds");
            const toml::node* node = seeds != nullptr ? seeds->get(i) : nullptr;
            context.fail(node, "seed '" + job.seeds[i] + "': " + normalized.error().message);
        }
    }
    const toml::table* network = root.get_as<toml::table>("network");
    for (std::size_t i = 0; i < job.network.connect_to.size(); ++i) {
        const std::string& entry = job.network.connect_to[i];
        if (std::count(entry.begin(), entry.end(), ':') < 3) {
            const toml::array* list = network != nullptr ? network->get_as<toml::array>("connect_to") : nullptr;
            context.fail(list != nullptr ? list->get(i) : nullptr,
                         "'network.connect_to' entry '" + entry +
                             "' must look like HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT");
        }
    }
    for (std::size_t i = 0; i < job.network.allow_private_ranges.size(); ++i) {
        if (auto range = fetch::AddressRange::parse(job.network.allow_private_ranges[i]); !range) {
            const toml::array* list =
                network != nullptr ? network->get_as<toml::array>("allow_private_ranges") : nullptr;
            context.fail(list != nullptr ? list->get(i) : nullptr,
                         "'network.allow_private_ranges' entry " + range.error().message);
        }
    }
    if (job.network.user_agent.empty()) {
        context.fail(network != nullptr ? network->get("user_agent") : nullptr,
                     "'network.user_agent' must not be empty");
    }
    if (job.archive.path.empty()) {
        const toml::table* archive = root.get_as<toml::table>("archive");
        context.fail(archive != nullptr ? archive->get("path") : nullptr, "'archive.path' must not be empty");
    }
    const toml::table* frontier = root.get_as<toml::table>("frontier");
    if (job.frontier.backend != "sqlite" && job.frontier.backend != "redis") {
        context.fail(frontier != nullptr ? frontier->get("backend") : nullptr,
                     "'frontier.backend' must be \"sqlite\" or \"redis\", found \"" + job.frontier.backend + "\"");
    }
    if (job.frontier.backend == "redis" && job.frontier.url.empty()) {
        context.fail(frontier != nullptr ? frontier->get("backend") : nullptr,
                     "'frontier.backend = \"redis\"' needs 'frontier.url' (redis://HOST:PORT/DB)");
    }
    if (job.frontier.backend == "redis" && !job.frontier.url.empty()) {
        try {
            (void)redis::RedisAddress::parse(job.frontier.url);
        } catch (const Failure& failure) {
            context.fail(frontier->get("url"), "'frontier.url': " + std::string(failure.what()));
        }
    }
    if (job.frontier.backend != "redis" && (!job.frontier.url.empty() || !job.frontier.key_prefix.empty())) {
        context.fail(frontier->get(!job.frontier.url.empty() ? "url" : "key_prefix"),
                     "'frontier.url' and 'frontier.key_prefix' need frontier.backend = \"redis\"");
    }
}

} // namespace

JobConfig parse_job_config(std::string_view text, const std::string& origin) {
    const Context context{origin};
    toml::table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& error) {
        std::ostringstream out;
        out << origin << ":" << error.source().begin.line << ":" << error.source().begin.column << ": "
            << error.description();
        throw usage_failure(out.str());
    }
    JobConfig job;
    read_table(root, schema().front(), job, context);
    check(root, job, context);
    return job;
}

JobConfig load_job_config(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        throw usage_failure(file.string() + ": no such job file");
    }
    std::FILE* handle = std::fopen(file.c_str(), "rb");
    if (handle == nullptr) {
        throw usage_failure(file.string() + ": cannot be read");
    }
    std::string text;
    char buffer[65536];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, handle)) > 0;) {
        text.append(buffer, got);
    }
    std::fclose(handle);
    JobConfig job = parse_job_config(text, file.string());
    job.file = file;
    // Paths inside a job file name files beside it, whatever folder the crawl is started from.
    const std::filesystem::path base = file.parent_path();
    const auto resolve = [&](std::filesystem::path& path) {
        if (!path.empty() && path.is_relative()) {
            path = (base / path).lexically_normal();
        }
    };
    for (auto& dir : job.plugins.dirs) {
        resolve(dir);
    }
    for (auto& dir : job.plugins.site_dirs) {
        resolve(dir);
    }
    resolve(job.clean.rules);
    resolve(job.topic.file);
    resolve(job.export_dir);
    const auto resolve_text = [&](std::string& value) {
        std::filesystem::path path(value);
        resolve(path);
        value = path.string();
    };
    resolve_text(job.network.ca_file);
    resolve_text(job.archive.path);
    if (job.name.empty()) {
        job.name = file.stem().string();
    }
    return job;
}

} // namespace newsarc::crawl
