// A pool of threads that maps inputs to outputs and hands the outputs back in submission order: the CPU work of
// many pages (parse, extract, clean, score) runs on every core while one thread, the only one that touches
// SQLite, writes the results in the order a single-threaded run would have.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace newsarc::crawl {

template <typename In, typename Out>
class OrderedPool {
public:
    using Work = std::function<Out(In&)>;

    /// `threads` workers (at least 1) run `work`; at most `max_in_flight` inputs are queued or being worked on
    /// or waiting to be taken, so memory stays bounded however fast the producer is.
    OrderedPool(std::size_t threads, std::size_t max_in_flight, Work work)
        : work_(std::move(work)), max_in_flight_(max_in_flight < threads ? threads : max_in_flight) {
        threads = threads == 0 ? 1 : threads;
        workers_.reserve(threads);
        for (std::size_t i = 0; i < threads; ++i) {
            workers_.emplace_back([this] { loop(); });
        }
    }
    OrderedPool(const OrderedPool&) = delete;
    OrderedPool& operator=(const OrderedPool&) = delete;
    ~OrderedPool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_ready_.notify_all();
        for (std::thread& worker : workers_) {
            worker.join();
        }
    }

    /// Queues `input`; blocks while max_in_flight inputs are unfinished or untaken. `on_ready` runs (on this
    /// thread, without the lock) for outputs that are ready in order while it waits, so a full pool drains into
    /// the caller instead of deadlocking.
    void submit(In input, const std::function<void(Out&)>& on_ready) {
        std::unique_lock lock(mutex_);
        while (in_flight_ >= max_in_flight_) {
            if (drain_locked(lock, on_ready) == 0) {
                output_ready_.wait(lock);
            }
        }
        queue_.emplace_back(next_submitted_++, std::move(input));
        ++in_flight_;
        lock.unlock();
        work_ready_.notify_one();
    }

    /// Hands the outputs that are ready in submission order to `on_ready`; returns how many. With `wait_all`,
    /// waits until every submitted input's output was handed over.
    std::size_t take(const std::function<void(Out&)>& on_ready, bool wait_all) {
        std::unique_lock lock(mutex_);
        std::size_t taken = 0;
        while (true) {
            taken += drain_locked(lock, on_ready);
            if (!wait_all || next_taken_ == next_submitted_) {
                return taken;
            }
            if (!done_.contains(next_taken_)) {
                output_ready_.wait(lock);
            }
        }
    }

private:
    /// Takes every output that is next in order; the lock is released around each on_ready call.
    std::size_t drain_locked(std::unique_lock<std::mutex>& lock, const std::function<void(Out&)>& on_ready) {
        std::size_t taken = 0;
        for (auto found = done_.find(next_taken_); found != done_.end(); found = done_.find(next_taken_)) {
            Out output = std::move(found->second);
            done_.erase(found);
            ++next_taken_;
            --in_flight_;
            ++taken;
            lock.unlock();
            on_ready(output);
            lock.lock();
        }
        return taken;
    }

    void loop() {
        std::unique_lock lock(mutex_);
        while (true) {
            work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return; // stopping, and nothing left
            }
            auto [sequence, input] = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            Out output = work_(input); // Work reports its own failures in Out: it must not throw
            lock.lock();
            done_.emplace(sequence, std::move(output));
            output_ready_.notify_all();
        }
    }

    Work work_;
    std::size_t max_in_flight_;
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable output_ready_;
    std::deque<std::pair<std::uint64_t, In>> queue_;
    std::map<std::uint64_t, Out> done_;
    std::uint64_t next_submitted_ = 0;
    std::uint64_t next_taken_ = 0;
    std::size_t in_flight_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

} // namespace newsarc::crawl
