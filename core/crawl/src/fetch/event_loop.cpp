// The Asio <-> libcurl bridge (curl's multi_socket contract): curl tells us which fds to watch
// (CURLMOPT_SOCKETFUNCTION) and when to wake it (CURLMOPT_TIMERFUNCTION); Asio waits on the fds without
// reading them and calls curl_multi_socket_action when they are ready. The only Asio file of the module.
#include "fetch/event_loop.hpp"

#include <csignal>
#include <unordered_map>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::crawl::fetch {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

/// One socket curl asked us to watch. Shared with pending waits so a handler never sees a freed watch.
struct SocketWatch {
    SocketWatch(asio::io_context& io, curl_socket_t socket) : descriptor(io), fd(socket) {}
    asio::posix::stream_descriptor descriptor;
    curl_socket_t fd;
    int what = 0;         // CURL_POLL_IN / OUT / INOUT
    bool reading = false; // a read wait is pending
    bool writing = false; // a write wait is pending
    bool removed = false; // curl said CURL_POLL_REMOVE: ignore whatever completes later
};

class AsioTimer final : public Timer {
public:
    explicit AsioTimer(asio::io_context& io) : timer_(io), state_(std::make_shared<State>()) {}
    ~AsioTimer() override { timer_.cancel(); }

    void arm(std::chrono::milliseconds delay, std::function<void()> callback) override {
        state_->callback = std::move(callback);
        state_->armed = true;
        const std::uint64_t generation = ++state_->generation;
        timer_.expires_after(delay);
        // A wait that already completed cannot be cancelled: the generation tells a stale completion apart.
        timer_.async_wait([weak = std::weak_ptr<State>(state_), generation](const error_code& error) {
            if (error) {
                return; // aborted: the timer may be gone; touch nothing
            }
            const auto state = weak.lock();
            if (!state || state->generation != generation || !state->armed) {
                return;
            }
            state->armed = false;
            auto run = std::move(state->callback);
            run();
        });
    }

    void cancel() override {
        state_->armed = false;
        ++state_->generation;
        state_->callback = nullptr;
        timer_.cancel();
    }

    [[nodiscard]] bool armed() const noexcept override { return state_->armed; }

private:
    struct State {
        std::function<void()> callback;
        std::uint64_t generation = 0;
        bool armed = false;
    };
    asio::steady_timer timer_;
    std::shared_ptr<State> state_;
};

} // namespace

class EventLoop::Impl {
public:
    explicit Impl(const ClientOptions& options) : options_(options) {
        multi_ = curl_multi_init();
        if (multi_ == nullptr) {
            throw Failure("curl_multi_init failed");
        }
        curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Impl::socket_callback);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Impl::timer_callback);
        curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
        curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections);
        curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections);
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options.max_total_connections);
    }

    ~Impl() {
        for (auto& [id, transfer] : transfers_) {
            curl_multi_remove_handle(multi_, transfer->easy);
        }
        transfers_.clear();
        // Cleanup closes cached connections and reports each socket as removed (socket_callback releases it).
        curl_multi_cleanup(multi_);
        for (auto& [fd, watch] : sockets_) {
            watch->removed = true;
            watch->descriptor.release(); // never let Asio close curl's socket
        }
        sockets_.clear();
    }

    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
    asio::steady_timer curl_timer_{io_};
    std::unique_ptr<asio::signal_set> signals_;
    std::function<void(int)> signal_handler_;
    ClientOptions options_;
    CURLM* multi_ = nullptr;
    std::unordered_map<curl_socket_t, std::shared_ptr<SocketWatch>> sockets_;
    std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers_;
    std::uint64_t next_id_ = 0;

    static int socket_callback(CURL* /*easy*/, curl_socket_t fd, int what, void* user, void* /*socketp*/) noexcept {
        try {
            static_cast<Impl*>(user)->on_socket(fd, what);
        } catch (...) {
            // Nothing may cross a C callback; a failed wait surfaces as a curl timeout.
        }
        return 0;
    }

    static int timer_callback(CURLM* /*multi*/, long timeout_ms, void* user) noexcept {
        auto* self = static_cast<Impl*>(user);
        try {
            if (timeout_ms < 0) {
                self->curl_timer_.cancel();
                return 0;
            }
            // Even a 0 ms timeout goes through the timer: curl must not be re-entered from its own callback.
            self->curl_timer_.expires_after(std::chrono::milliseconds(timeout_ms));
            self->curl_timer_.async_wait([self](const error_code& error) {
                if (error) {
                    return;
                }
                self->action(CURL_SOCKET_TIMEOUT, 0);
            });
        } catch (...) {
            return -1;
        }
        return 0;
    }

    void on_socket(curl_socket_t fd, int what) {
        if (what == CURL_POLL_REMOVE) {
            if (const auto found = sockets_.find(fd); found != sockets_.end()) {
                found->second->removed = true;
                found->second->descriptor.release(); // cancels its waits; curl closes the fd itself
                sockets_.erase(found);
            }
            return;
        }
        auto& watch = sockets_[fd];
        if (!watch) {
            watch = std::make_shared<SocketWatch>(io_, fd);
            error_code error;
            watch->descriptor.assign(fd, error);
            if (error) {
                log::get("fetch")->warn("event=watch_failed fd={} error=\"{}\"", fd, error.message());
            }
        }
        watch->what = what;
        arm(watch);
    }

    void arm(const std::shared_ptr<SocketWatch>& watch) {
        if ((watch->what & CURL_POLL_IN) != 0 && !watch->reading) {
            watch->reading = true;
            watch->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                         [this, watch](const error_code& error) {
                                             if (error == asio::error::operation_aborted) {
                                                 return;
                                             }
                                             watch->reading = false;
                                             ready(watch, error ? CURL_CSELECT_ERR : CURL_CSELECT_IN, CURL_POLL_IN);
                                         });
        }
        if ((watch->what & CURL_POLL_OUT) != 0 && !watch->writing) {
            watch->writing = true;
            watch->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                                         [this, watch](const error_code& error) {
                                             if (error == asio::error::operation_aborted) {
                                                 return;
                                             }
                                             watch->writing = false;
                                             ready(watch, error ? CURL_CSELECT_ERR : CURL_CSELECT_OUT, CURL_POLL_OUT);
                                         });
        }
    }

    void ready(const std::shared_ptr<SocketWatch>& watch, int event, int direction) {
        if (watch->removed) {
            return;
        }
        if ((watch->what & direction) == 0 && event != CURL_CSELECT_ERR) {
            return; // curl stopped wanting this direction while the wait was pending
        }
        action(watch->fd, event);
        // Re-arm while curl still wants the socket (socket_callback may have changed or removed it meanwhile).
        // After an error curl fails or retries the transfer itself; re-arming could spin on a dead descriptor.
        if (!watch->removed && event != CURL_CSELECT_ERR) {
            arm(watch);
        }
    }

    void action(curl_socket_t fd, int event) {
        int running = 0;
        curl_multi_socket_action(multi_, fd, event, &running);
        collect();
    }

    /// Hands finished transfers to their callbacks; runs outside every curl callback.
    void collect() {
        std::vector<std::pair<Transfer*, CURLcode>> finished;
        int pending = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &pending)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            void* transfer = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
            finished.emplace_back(static_cast<Transfer*>(transfer), message->data.result);
        }
        for (auto& [raw, code] : finished) {
            curl_multi_remove_handle(multi_, raw->easy);
            auto node = transfers_.extract(raw->id);
            if (node.empty()) {
                continue;
            }
            std::unique_ptr<Transfer> transfer = std::move(node.mapped());
            finish_transfer(*transfer, code);
            auto done = std::move(transfer->done);
            FetchResult result = std::move(transfer->result);
            transfer.reset();
            done(std::move(result));
        }
    }

    void fail_later(std::unique_ptr<Transfer> transfer) {
        asio::post(io_, [done = std::move(transfer->done), result = std::move(transfer->result)]() mutable {
            done(std::move(result));
        });
    }

    void wait_signal() {
        signals_->async_wait([this](const error_code& error, int signal) {
            if (error) {
                return;
            }
            if (signal_handler_) {
                signal_handler_(signal);
            }
            wait_signal();
        });
    }
};

EventLoop::EventLoop(const ClientOptions& options) : impl_(std::make_unique<Impl>(options)) {}
EventLoop::~EventLoop() = default;

std::uint64_t EventLoop::fetch(FetchRequest request, std::function<void(FetchResult)> done) {
    auto transfer = std::make_unique<Transfer>();
    const std::uint64_t id = ++impl_->next_id_;
    transfer->id = id;
    transfer->request = std::move(request);
    transfer->done = std::move(done);
    if (!setup_transfer(*transfer, impl_->options_)) {
        impl_->fail_later(std::move(transfer));
        return id;
    }
    if (const CURLMcode code = curl_multi_add_handle(impl_->multi_, transfer->easy); code != CURLM_OK) {
        transfer->result.outcome = FetchOutcome::other;
        transfer->result.error = std::string("curl_multi_add_handle: ") + curl_multi_strerror(code);
        impl_->fail_later(std::move(transfer));
        return id;
    }
    impl_->transfers_.emplace(id, std::move(transfer));
    return id;
}

void EventLoop::cancel(std::uint64_t id) {
    auto node = impl_->transfers_.extract(id);
    if (node.empty()) {
        return;
    }
    std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    curl_multi_remove_handle(impl_->multi_, transfer->easy);
    transfer->result.outcome = FetchOutcome::cancelled;
    transfer->result.error = "cancelled";
    impl_->fail_later(std::move(transfer));
}

void EventLoop::cancel_all() {
    std::vector<std::uint64_t> ids;
    for (const auto& [id, transfer] : impl_->transfers_) {
        ids.push_back(id);
    }
    for (const auto id : ids) {
        cancel(id);
    }
}

std::size_t EventLoop::active() const noexcept {
    return impl_->transfers_.size();
}

std::unique_ptr<Timer> EventLoop::make_timer() {
    return std::make_unique<AsioTimer>(impl_->io_);
}

void EventLoop::post(std::function<void()> work) {
    asio::post(impl_->io_, std::move(work));
}

void EventLoop::on_signal(std::function<void(int)> handler) {
    impl_->signal_handler_ = std::move(handler);
    if (!impl_->signals_) {
        impl_->signals_ = std::make_unique<asio::signal_set>(impl_->io_, SIGINT, SIGTERM);
        impl_->wait_signal();
    }
}

void EventLoop::run() {
    impl_->io_.restart();
    impl_->io_.run();
}

void EventLoop::stop() {
    impl_->io_.stop();
}

} // namespace newsarc::crawl::fetch
