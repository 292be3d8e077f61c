// NEWSARC_PLUGIN(id, Class): the exported plugin table for a C++ class, with noexcept trampolines that catch
// every exception and make the call current on its thread (see context.hpp) for the URL, time and HTML helpers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "newsarc/plugin.h"
#include "newsarc/sdk/article.hpp"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/discovery.hpp"
#include "newsarc/sdk/page.hpp"
#include "newsarc/sdk/status.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk {

namespace detail {

template <std::size_t N>
constexpr std::size_t count_hosts(const char* const (&hosts)[N]) noexcept {
    std::size_t n = 0;
    while (n < N && hosts[n] != nullptr) {
        ++n;
    }
    return n;
}

/// The plugin's host list with a NULL terminator added (it may already have one).
template <typename Class>
struct HostList {
    static constexpr std::size_t size = std::extent_v<decltype(Class::hosts)>;
    static constexpr std::array<const char*, size + 1> value = [] {
        std::array<const char*, size + 1> list{};
        for (std::size_t i = 0; i < size; ++i) {
            list[i] = Class::hosts[i];
        }
        list[size] = nullptr;
        return list;
    }();
};

/// Runs `body` (returning Status or void), turning exceptions into set_error + NEWSARC_FAILED.
template <typename Body>
newsarc_status guarded(const Context& context, Body&& body) noexcept {
    try {
        if constexpr (std::is_void_v<decltype(body())>) {
            body();
            return NEWSARC_OK;
        } else {
            return static_cast<newsarc_status>(body());
        }
    } catch (const std::exception& error) {
        context.set_error(error.what());
    } catch (...) {
        context.set_error("unknown exception (not derived from std::exception)");
    }
    return NEWSARC_FAILED;
}

template <typename Class>
Class& instance() {
    static Class plugin;
    return plugin;
}

template <typename Class>
struct Trampolines {
    static newsarc_status configure(newsarc_str settings_json, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        const CurrentCall current(context);
        return guarded(context, [&]() -> Status {
            if constexpr (requires(Class& c, const nlohmann::json& j, Context& x) { c.configure(j, x); }) {
                nlohmann::json settings = nlohmann::json::object();
                if (settings_json.size > 0) {
                    settings = nlohmann::json::parse(to_view(settings_json), nullptr, false);
                    if (settings.is_discarded()) {
                        throw Error("plugin settings are not valid JSON");
                    }
                }
                Context mutable_context(host, call);
                const CurrentCall current_mutable(mutable_context);
                using R = decltype(instance<Class>().configure(settings, mutable_context));
                if constexpr (std::is_void_v<R>) {
                    instance<Class>().configure(settings, mutable_context);
                    return Status::ok;
                } else {
                    return static_cast<Status>(instance<Class>().configure(settings, mutable_context));
                }
            } else {
                return Status::ok;
            }
        });
    }

    static newsarc_page_kind classify(newsarc_str url) noexcept {
        try {
            return static_cast<newsarc_page_kind>(instance<Class>().classify(to_view(url)));
        } catch (...) {
            // classify has no error channel: a throwing classifier means "not a page we know". Without a host
            // (a host that predates classify_with_host) every URL helper throws, so this answers INVALID.
            return NEWSARC_PAGE_INVALID;
        }
    }

    static newsarc_page_kind classify_with_host(newsarc_str url, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        const CurrentCall current(context);
        try {
            return static_cast<newsarc_page_kind>(instance<Class>().classify(to_view(url)));
        } catch (const std::exception& error) {
            context.warn(std::string("classify failed on '") + std::string(to_view(url).substr(0, 200)) +
                         "': " + error.what());
        } catch (...) {
        }
        return NEWSARC_PAGE_INVALID;
    }

    static newsarc_status discover(const newsarc_page* c_page, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        const CurrentCall current(context);
        return guarded(context, [&] {
            const Page page(c_page, &context);
            Discovery out(&context, page.url());
            return instance<Class>().discover(page, out);
        });
    }

    static newsarc_status extract(const newsarc_page* c_page, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        const CurrentCall current(context);
        bool paywalled = false;
        const newsarc_status status = guarded(context, [&] {
            const Page page(c_page, &context);
            Article out(&context);
            using R = decltype(instance<Class>().extract(page, out));
            if constexpr (std::is_void_v<R>) {
                instance<Class>().extract(page, out);
                paywalled = out.is_paywalled();
                return Status::ok;
            } else {
                const R result = instance<Class>().extract(page, out);
                paywalled = out.is_paywalled();
                return static_cast<Status>(result);
            }
        });
        return status == NEWSARC_OK && paywalled ? NEWSARC_PAYWALLED : status;
    }

    static newsarc_status prepare(newsarc_str c_url, newsarc_page_kind kind, const newsarc_host_api* host,
                                  void* call) noexcept {
        const Context context(host, call);
        const CurrentCall current(context);
        return guarded(context, [&] {
            Discovery out(&context, to_view(c_url));
            return instance<Class>().prepare(to_view(c_url), static_cast<PageKind>(kind), out);
        });
    }

    static newsarc_status seeds(const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        const CurrentCall current(context);
        return guarded(context, [&] {
            Discovery out(&context, std::string_view{});
            return instance<Class>().seeds(out);
        });
    }

    static newsarc_plugin make_table(const char* id) noexcept {
        newsarc_plugin table{};
        table.struct_size = sizeof(newsarc_plugin);
        table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
        table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
        table.id = id;
        table.version = Class::version;
        table.hosts = HostList<Class>::value.data();
        table.priority = static_cast<int32_t>(Class::priority);
        if constexpr (requires(Class& c, const nlohmann::json& j, Context& x) { c.configure(j, x); }) {
            table.configure = &Trampolines::configure;
        }
        table.classify = &Trampolines::classify;
        table.classify_with_host = &Trampolines::classify_with_host;
        table.discover = &Trampolines::discover;
        table.extract = &Trampolines::extract;
        if constexpr (requires(Class& c, std::string_view u, PageKind k, Discovery& d) { c.prepare(u, k, d); }) {
            table.prepare = &Trampolines::prepare;
        }
        if constexpr (requires(Class& c, Discovery& d) { c.seeds(d); }) {
            table.seeds = &Trampolines::seeds;
        }
        if constexpr (requires { requires Class::concurrent; }) {
            table.flags |= NEWSARC_PLUGIN_CONCURRENT;
        }
        return table;
    }
};

} // namespace detail
} // namespace newsarc::sdk

#define NEWSARC_SDK_STRINGIFY_(x) #x
#define NEWSARC_SDK_STRINGIFY(x) NEWSARC_SDK_STRINGIFY_(x)

/// Exports `const newsarc_plugin* newsarc_<id>_plugin(void)` for the class `Class` (see the file comment).
/// `id` is the bare plugin id ([a-z0-9_]+), equal to the folder and file name. The table is built on the
/// first call of the entry (no static initialiser runs at dlopen); the class instance on the first plugin call.
#define NEWSARC_PLUGIN(id, Class)                                                                              \
    extern "C" __attribute__((visibility("default"))) const newsarc_plugin* newsarc_##id##_plugin(void) {     \
        static const newsarc_plugin table =                                                                    \
            ::newsarc::sdk::detail::Trampolines<Class>::make_table(NEWSARC_SDK_STRINGIFY(id));                 \
        return &table;                                                                                         \
    }
