// The crawl's CPU side: each fetched page's CPU half (decode, parse, plugins, cleaning, topic, links) runs on one
// of N page threads, and its archive half on the one writer thread, in the order the pages were submitted, so
// the archive and the frontier see the same sequence of writes whatever N is.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "worker.hpp"

namespace newsarc::crawl {

class PageWorkers {
public:
    /// The archive half of a job: runs on the writer thread.
    using WriteJob = std::function<void()>;
    /// The CPU half: runs on a page thread and returns the archive half.
    using CpuJob = std::function<WriteJob()>;
    /// Gets what a job's half threw, on the writer thread, in the job's turn.
    using ErrorHandler = std::function<void(std::exception_ptr)>;

    /// `threads` page threads (0: one per core) and the writer thread. Jobs should not throw (the engine's
    /// report their failures in their archive half); what one throws anyway goes to `on_error`.
    PageWorkers(std::size_t threads, ErrorHandler on_error);
    /// Runs what is queued, then joins.
    ~PageWorkers();
    PageWorkers(const PageWorkers&) = delete;
    PageWorkers& operator=(const PageWorkers&) = delete;

    /// Queues `job`. Thread-safe; never blocks (the engine bounds how many pages it hands over).
    void submit(CpuJob job);
    /// Queues a job that has only an archive half (a fetch-log entry), in order with the pages.
    void submit_write(WriteJob job);
    /// Runs every queued job to the end, then stops the threads. Idempotent.
    void finish();
    /// Jobs submitted whose archive half has not started: a write job reads it to tell whether more is coming.
    [[nodiscard]] std::size_t pending() const noexcept { return pending_.load(std::memory_order_acquire); }
    /// The number of page threads.
    [[nodiscard]] std::size_t threads() const noexcept { return threads_.size(); }

private:
    void loop();
    /// Hands the finished jobs that are next in order to the writer. Called with mutex_ held.
    void hand_over_locked();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::uint64_t, CpuJob>> queue_;
    std::map<std::uint64_t, WriteJob> done_; ///< finished out of order, waiting for their turn
    std::uint64_t next_submitted_ = 0;
    std::uint64_t next_written_ = 0;
    bool stopping_ = false;
    std::atomic<std::size_t> pending_{0};
    ErrorHandler on_error_;
    Worker writer_;
    std::vector<std::thread> threads_;
};

/// `asked` page threads, or one per core when 0.
std::size_t page_thread_count(int asked) noexcept;

} // namespace newsarc::crawl
