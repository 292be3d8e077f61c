// Loading a plugin library: dlopen, the entry symbol, ABI checks, then a validated copy of its table.
#include "shared_library.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "call_state.hpp"

namespace newsarc::plugin_host {
namespace {

constexpr std::size_t kRequiredSize = offsetof(newsarc_plugin, extract) + sizeof(void*);

std::string abi_text(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

bool valid_id(std::string_view id) noexcept {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool valid_host_pattern(std::string_view pattern) noexcept {
    if (pattern == "*") {
        return true;
    }
    if (pattern.starts_with("*.")) {
        pattern.remove_prefix(2);
    }
    return !pattern.empty() && std::all_of(pattern.begin(), pattern.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

class SharedLibraryPlugin final : public Plugin {
public:
    SharedLibraryPlugin(void* handle, const newsarc_plugin& table, std::vector<std::string> hosts,
                        std::filesystem::path file)
        : Plugin(table.id, table.version, std::move(hosts), table.priority, std::move(file)), handle_(handle),
          table_(table) {}

    ~SharedLibraryPlugin() override {
        // GCC marks some plugin symbols STB_GNU_UNIQUE, and glibc then keeps the library mapped; unloading is
        // a courtesy, never relied on (hot reload loads a new file name instead).
        dlclose(handle_);
    }
    SharedLibraryPlugin(const SharedLibraryPlugin&) = delete;
    SharedLibraryPlugin& operator=(const SharedLibraryPlugin&) = delete;

    std::string_view kind_name() const noexcept override { return "shared library"; }
    bool concurrent() const noexcept override { return (table_.flags & NEWSARC_PLUGIN_CONCURRENT) != 0; }

    newsarc_page_kind classify(std::string_view url) const override {
        const auto turn = take_turn();
        if (table_.classify_with_host != nullptr) {
            // classify has no output channel: what it logs goes to the log only.
            PageOutcome scratch;
            CallState call(*this, nullptr, scratch);
            return table_.classify_with_host(newsarc_str{url.data(), url.size()}, CallState::api(), call.handle());
        }
        return table_.classify(newsarc_str{url.data(), url.size()});
    }

    newsarc_status configure(std::string_view settings_json, CallState& call) override {
        if (table_.configure == nullptr) {
            return NEWSARC_OK;
        }
        const auto turn = take_turn();
        return table_.configure(newsarc_str{settings_json.data(), settings_json.size()}, CallState::api(),
                                call.handle());
    }

    newsarc_status discover(const newsarc_page& page, CallState& call) const override {
        const auto turn = take_turn();
        return table_.discover(&page, CallState::api(), call.handle());
    }

    newsarc_status extract(const newsarc_page& page, CallState& call) const override {
        const auto turn = take_turn();
        return table_.extract(&page, CallState::api(), call.handle());
    }

    newsarc_status prepare(std::string_view url, newsarc_page_kind kind, CallState& call) const override {
        if (table_.prepare == nullptr) {
            return NEWSARC_NOT_MINE;
        }
        const auto turn = take_turn();
        return table_.prepare(newsarc_str{url.data(), url.size()}, kind, CallState::api(), call.handle());
    }

    newsarc_status seeds(CallState& call) const override {
        if (table_.seeds == nullptr) {
            return NEWSARC_OK;
        }
        const auto turn = take_turn();
        return table_.seeds(CallState::api(), call.handle());
    }

private:
    /// Holds the plugin's lock for one call unless it declared itself concurrent. Every entry point takes a
    /// turn, classify too: a plugin that says nothing may share any state between them.
    std::optional<std::lock_guard<std::mutex>> take_turn() const {
        if (concurrent()) {
            return std::nullopt;
        }
        return std::optional<std::lock_guard<std::mutex>>(std::in_place, turns_);
    }

    void* handle_;
    newsarc_plugin table_;
    mutable std::mutex turns_;
};

// Closes a handle unless released (for the early error returns).
struct HandleGuard {
    void* handle;
    ~HandleGuard() {
        if (handle != nullptr) {
            dlclose(handle);
        }
    }
};

} // namespace

std::string plugin_id_from_file_name(const std::string& file_name) {
    constexpr std::string_view kPrefix = "newsarc_";
    constexpr std::string_view kSuffix = ".so";
    const std::string_view name = file_name;
    if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix) || name.size() <= kPrefix.size() + kSuffix.size()) {
        return {};
    }
    return std::string(name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size()));
}

Result<std::unique_ptr<Plugin>> load_shared_library(const std::filesystem::path& file) {
    const std::string where = "plugin '" + file.string() + "'";
    const std::string id = plugin_id_from_file_name(file.filename().string());
    if (!valid_id(id)) {
        return make_error(where + ": the file name must be newsarc_<id>.so with <id> made of [a-z0-9_], found '" +
                          file.filename().string() + "'");
    }
    dlerror();
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* reason = dlerror();
        return make_error(where + ": cannot be loaded as a shared library (" +
                          (reason != nullptr ? std::string(reason) : std::string("unknown dlopen error")) +
                          ") — expected a plugin built with newsarc_add_plugin()");
    }
    HandleGuard guard{handle};
    const std::string symbol = "newsarc_" + id + "_plugin";
    dlerror();
    void* entry_address = dlsym(handle, symbol.c_str());
    if (entry_address == nullptr) {
        return make_error(where + ": does not export the symbol '" + symbol +
                          "' that a file named newsarc_" + id + ".so must export — build it with NEWSARC_PLUGIN(" +
                          id + ", ...) from the newsarc SDK");
    }
    newsarc_plugin_entry entry = nullptr;
    static_assert(sizeof entry == sizeof entry_address);
    std::memcpy(&entry, &entry_address, sizeof entry);
    const newsarc_plugin* table = entry();
    if (table == nullptr) {
        return make_error(where + ": " + symbol + "() returned NULL, expected its plugin table");
    }
    // Only struct_size and the two ABI numbers may be read before they are checked.
    constexpr std::size_t kHeaderSize = offsetof(newsarc_plugin, abi_minor) + sizeof(uint16_t);
    if (table->struct_size < kHeaderSize) {
        return make_error(where + ": struct_size is " + std::to_string(table->struct_size) +
                          ", too small to hold the ABI version (expected at least " + std::to_string(kHeaderSize) +
                          ")");
    }
    if (table->abi_major != NEWSARC_PLUGIN_ABI_MAJOR) {
        return make_error(where + ": built for ABI " + abi_text(table->abi_major, table->abi_minor) +
                          ", this newsarc loads ABI " + std::to_string(NEWSARC_PLUGIN_ABI_MAJOR) +
                          ".x — rebuild the plugin against this SDK");
    }
    if (table->abi_minor > NEWSARC_PLUGIN_ABI_MINOR) {
        return make_error(where + ": built for ABI " + abi_text(table->abi_major, table->abi_minor) +
                          ", newer than this newsarc's ABI " +
                          abi_text(NEWSARC_PLUGIN_ABI_MAJOR, NEWSARC_PLUGIN_ABI_MINOR) +
                          " — update newsarc or rebuild the plugin against this SDK");
    }
    if (table->struct_size < kRequiredSize) {
        return make_error(where + ": struct_size is " + std::to_string(table->struct_size) +
                          " bytes, expected at least " + std::to_string(kRequiredSize) +
                          " (every field up to extract) for ABI " + abi_text(table->abi_major, table->abi_minor));
    }
    // Fields beyond the plugin's struct_size are absent: copy only what it has into a zeroed table.
    newsarc_plugin copy{};
    std::memcpy(&copy, table, std::min<std::size_t>(table->struct_size, sizeof copy));
    if (copy.id == nullptr || std::string_view(copy.id) != id) {
        return make_error(where + ": its table names the id '" + std::string(copy.id == nullptr ? "(null)" : copy.id) +
                          "', expected '" + id + "' (the file name's id)");
    }
    if (copy.version == nullptr || *copy.version == '\0') {
        return make_error(where + ": has no version string, expected e.g. \"2026.11.1\"");
    }
    if (copy.classify == nullptr || copy.discover == nullptr || copy.extract == nullptr) {
        return make_error(where + ": classify, discover and extract are required, found " +
                          std::string(copy.classify == nullptr ? "classify " : "") +
                          std::string(copy.discover == nullptr ? "discover " : "") +
                          std::string(copy.extract == nullptr ? "extract " : "") + "missing");
    }
    std::vector<std::string> hosts;
    for (const char* const* host = copy.hosts; host != nullptr && *host != nullptr; ++host) {
        if (!valid_host_pattern(*host)) {
            return make_error(where + ": host pattern '" + std::string(*host) +
                              "' is not a lower-case host name, \"*.domain\" or \"*\"");
        }
        hosts.emplace_back(*host);
        if (hosts.size() > 1000) {
            return make_error(where + ": more than 1000 host patterns (is the list NULL-terminated?)");
        }
    }
    if (hosts.empty()) {
        return make_error(where + ": claims no host, expected a NULL-terminated list such as {\"www.example.com\", NULL}");
    }
    guard.handle = nullptr;
    return std::unique_ptr<Plugin>(new SharedLibraryPlugin(handle, copy, std::move(hosts), file));
}

} // namespace newsarc::plugin_host
