// Context: the host's table and the handle of the plugin call running on this thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "newsarc/plugin.h"
#include "newsarc/sdk/status.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk {

/// The host API and the call handle of one plugin call. Valid only during that call.
class Context {
public:
    Context(const newsarc_host_api* host, void* call) noexcept : host_(host), call_(call) {}

    [[nodiscard]] const newsarc_host_api* host() const noexcept { return host_; }
    [[nodiscard]] void* call() const noexcept { return call_; }

    /// True when the host's table (as the host was built) reaches byte `offset_end`: use
    /// `host_has(offsetof(newsarc_host_api, f) + sizeof(void*))` before calling a function added after 1.0.
    [[nodiscard]] bool host_has(std::size_t offset_end) const noexcept {
        return host_ != nullptr && host_->struct_size >= offset_end;
    }

    /// The host's table after checking that it offers the service at `offset` (offsetof(newsarc_host_api, f)):
    /// throws sdk::Error naming the service when the host predates it, so the call fails with a message that
    /// says what to update instead of jumping through a field the host never filled.
    [[nodiscard]] const newsarc_host_api& service(std::size_t offset, const char* name) const {
        if (!host_has(offset + sizeof(void (*)())) ||
            *reinterpret_cast<void (*const*)()>(reinterpret_cast<const char*>(host_) + offset) == nullptr) {
            throw Error(std::string("the newsarc host offers no ") + name +
                        " (a host service of plugin ABI 1.1): update newsarc, the plugin needs it");
        }
        return *host_;
    }

    void log(newsarc_log_level level, std::string_view message) const noexcept {
        if (host_ != nullptr && host_->log != nullptr) {
            host_->log(call_, level, to_c(message));
        }
    }
    void trace(std::string_view message) const noexcept { log(NEWSARC_LOG_TRACE, message); }
    void debug(std::string_view message) const noexcept { log(NEWSARC_LOG_DEBUG, message); }
    void info(std::string_view message) const noexcept { log(NEWSARC_LOG_INFO, message); }
    void warn(std::string_view message) const noexcept { log(NEWSARC_LOG_WARN, message); }
    void error(std::string_view message) const noexcept { log(NEWSARC_LOG_ERROR, message); }

    /// Reports why the call failed (the trampolines do this for exceptions).
    void set_error(std::string_view message) const noexcept {
        if (host_ != nullptr && host_->set_error != nullptr) {
            host_->set_error(call_, to_c(message));
        }
    }

private:
    const newsarc_host_api* host_;
    void* call_;
};

namespace detail {

/// The call running on this thread, set by the trampolines for the length of each plugin call. The URL, time
/// and HTML helpers (sdk::url::host(url), sdk::find_time(text)) read it, so plugin code deep inside helper
/// functions needs no Context parameter; thread-local, so concurrent plugins see each its own call.
inline thread_local const Context* current_call = nullptr;

/// Makes `context` the current call until destroyed (restoring the previous one).
class CurrentCall {
public:
    explicit CurrentCall(const Context& context) noexcept : previous_(current_call) { current_call = &context; }
    ~CurrentCall() { current_call = previous_; }
    CurrentCall(const CurrentCall&) = delete;
    CurrentCall& operator=(const CurrentCall&) = delete;

private:
    const Context* previous_;
};

} // namespace detail

/// The context of the plugin call running on this thread; throws sdk::Error outside a call (`what` names the
/// helper that needed it).
inline const Context& current_context(const char* what) {
    if (detail::current_call == nullptr) {
        throw Error(std::string(what) + " uses the newsarc host and runs only inside a plugin call");
    }
    return *detail::current_call;
}

/// The context of the current call after checking its host offers the service `name` at `offset`
/// (offsetof(newsarc_host_api, name)).
inline const Context& context_with(std::size_t offset, const char* name) {
    const Context& context = current_context(name);
    (void)context.service(offset, name);
    return context;
}

} // namespace newsarc::sdk
