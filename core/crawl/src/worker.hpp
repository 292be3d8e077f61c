// One worker thread with a FIFO queue: the CPU side of the crawl (decoding, parsing, archive writes) runs
// here so that the network thread never waits for a slow page.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace newsarc::crawl {

class Worker {
public:
    Worker();
    /// Runs what is queued, then joins.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Queues `job`; jobs run one at a time in submission order. Thread-safe.
    void submit(std::function<void()> job);
    /// Runs every queued job, then stops the thread. Idempotent.
    void finish();
    /// Jobs queued and not started yet. Thread-safe; a job reads it to tell whether more work is waiting.
    [[nodiscard]] std::size_t queued();

private:
    void loop();
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace newsarc::crawl
