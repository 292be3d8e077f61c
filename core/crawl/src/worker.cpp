// Worker: a mutex-guarded queue handing jobs from the network thread to one worker thread.
#include "worker.hpp"

namespace newsarc::crawl {

Worker::Worker() : thread_([this] { loop(); }) {}

Worker::~Worker() {
    finish();
}

void Worker::submit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void Worker::finish() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::size_t Worker::queued() {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void Worker::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;
            }
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job();
    }
}

} // namespace newsarc::crawl
