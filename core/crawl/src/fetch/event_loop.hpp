// The crawl's network thread: one Asio io_context driving one libcurl multi handle (socket and timer
// callbacks, no polling), plus timers, cross-thread posts and signal handling. Asio stays inside
// event_loop.cpp; this header is plain C++.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fetch/transfer.hpp"

namespace newsarc::crawl::fetch {

/// A one-shot timer on the loop. Re-arming replaces the pending wait; destruction cancels it (the callback
/// is then never called).
class Timer {
public:
    virtual ~Timer() = default;
    /// Calls `callback` on the loop thread after `delay`.
    virtual void arm(std::chrono::milliseconds delay, std::function<void()> callback) = 0;
    virtual void cancel() = 0;
    [[nodiscard]] virtual bool armed() const noexcept = 0;
};

/// Owns the io_context and the CURLM. Every method except post() must be called on the loop thread (inside
/// run(), or before it starts).
class EventLoop {
public:
    /// Sets up the multi handle with the connection limits of `options`. Throws Failure when curl cannot.
    explicit EventLoop(const ClientOptions& options);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    /// Starts a transfer; `done` is called on the loop thread exactly once with its result (also when it is
    /// cancelled). Returns an id for cancel(). Never calls `done` before returning.
    std::uint64_t fetch(FetchRequest request, std::function<void(FetchResult)> done);
    /// Aborts a running transfer; its `done` gets outcome `cancelled` (posted, not called from here).
    void cancel(std::uint64_t transfer);
    /// Aborts every running transfer.
    void cancel_all();
    [[nodiscard]] std::size_t active() const noexcept;

    /// A new timer bound to this loop; it must not outlive the loop.
    std::unique_ptr<Timer> make_timer();
    /// Runs `work` on the loop thread soon. Safe from any thread.
    void post(std::function<void()> work);
    /// Calls `handler` (on the loop thread) for each SIGINT or SIGTERM while run() is running.
    void on_signal(std::function<void(int)> handler);

    /// Runs until stop(). Exceptions from callbacks propagate out of run().
    void run();
    void stop();

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::crawl::fetch
