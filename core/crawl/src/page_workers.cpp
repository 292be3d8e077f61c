// PageWorkers: a FIFO of CPU jobs shared by the page threads; finished jobs wait in `done_` until every job
// submitted before them has been handed to the writer.
#include "page_workers.hpp"

#include <exception>
#include <utility>

namespace newsarc::crawl {

std::size_t page_thread_count(int asked) noexcept {
    if (asked > 0) {
        return static_cast<std::size_t>(asked);
    }
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

PageWorkers::PageWorkers(std::size_t threads, ErrorHandler on_error) : on_error_(std::move(on_error)) {
    threads = threads == 0 ? page_thread_count(0) : threads;
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { loop(); });
    }
}

PageWorkers::~PageWorkers() {
    finish();
}

void PageWorkers::submit(CpuJob job) {
    pending_.fetch_add(1, std::memory_order_acq_rel);
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(next_submitted_++, std::move(job));
    }
    wake_.notify_one();
}

void PageWorkers::submit_write(WriteJob job) {
    pending_.fetch_add(1, std::memory_order_acq_rel);
    std::lock_guard lock(mutex_);
    const std::uint64_t sequence = next_submitted_++;
    // Its turn may have come already (nothing before it is still on a page thread); else it waits like a
    // finished page.
    done_.emplace(sequence, std::move(job));
    hand_over_locked();
}

void PageWorkers::finish() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) {
        if (thread.joinable()) {
            thread.join();
        }
    }
    writer_.finish(); // after the page threads: every job is with the writer by now
}

void PageWorkers::hand_over_locked() {
    for (auto next = done_.find(next_written_); next != done_.end(); next = done_.find(next_written_)) {
        writer_.submit([this, job = std::move(next->second)] {
            pending_.fetch_sub(1, std::memory_order_acq_rel);
            try {
                job();
            } catch (...) {
                on_error_(std::current_exception());
            }
        });
        done_.erase(next);
        ++next_written_;
    }
}

void PageWorkers::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
            return; // stopping, and nothing left
        }
        auto [sequence, job] = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        WriteJob write;
        try {
            write = job();
        } catch (...) {
            write = [error = std::current_exception()] { std::rethrow_exception(error); };
        }
        lock.lock();
        done_.emplace(sequence, std::move(write));
        hand_over_locked();
    }
}

} // namespace newsarc::crawl
