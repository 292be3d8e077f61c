// Focus: core/crawl/src/page_workers.cpp, the crawl's page threads: CPU halves finish in any order, their archive
// halves run on one writer thread in submission order, interleaved with write-only jobs (fetch-log entries).
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "page_workers.hpp"

using newsarc::crawl::PageWorkers;

TEST_CASE("page threads finish out of order, and the writer runs every job in submission order on one thread",
          "[crawl][workers]") {
    std::vector<int> written; // touched by the writer only
    std::set<std::thread::id> writer_threads;
    std::set<std::thread::id> cpu_threads;
    std::mutex cpu_threads_mutex;
    constexpr int kJobs = 400;
    {
        PageWorkers workers(4, [](std::exception_ptr) { FAIL("no job throws"); });
        CHECK(workers.threads() == 4);
        std::mt19937 random(7);
        for (int n = 0; n < kJobs; ++n) {
            if (n % 10 == 9) {
                workers.submit_write([&, n] {
                    writer_threads.insert(std::this_thread::get_id());
                    written.push_back(n);
                });
                continue;
            }
            const int sleep_us = static_cast<int>(random() % 800);
            workers.submit([&, n, sleep_us]() -> PageWorkers::WriteJob {
                std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
                {
                    std::lock_guard lock(cpu_threads_mutex);
                    cpu_threads.insert(std::this_thread::get_id());
                }
                return [&, n] {
                    writer_threads.insert(std::this_thread::get_id());
                    written.push_back(n);
                };
            });
        }
        workers.finish();
        CHECK(workers.pending() == 0);
    }
    REQUIRE(written.size() == kJobs);
    for (int n = 0; n < kJobs; ++n) {
        REQUIRE(written[static_cast<std::size_t>(n)] == n);
    }
    CHECK(writer_threads.size() == 1);
    CHECK(cpu_threads.size() > 1);
}

TEST_CASE("what a job throws goes to the error handler on the writer, in its turn, and the rest still run",
          "[crawl][workers]") {
    std::vector<std::string> events; // the writer's
    const auto message = [](std::exception_ptr error) {
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
    };
    {
        PageWorkers workers(2, [&](std::exception_ptr error) { events.push_back("error: " + message(error)); });
        workers.submit([&]() -> PageWorkers::WriteJob { return [&] { events.emplace_back("page 1"); }; });
        workers.submit([]() -> PageWorkers::WriteJob { throw std::runtime_error("page 2 broke on its thread"); });
        workers.submit_write([] { throw std::runtime_error("entry 3 broke on the writer"); });
        workers.submit([&]() -> PageWorkers::WriteJob { return [&] { events.emplace_back("page 4"); }; });
    }
    CHECK(events == std::vector<std::string>{"page 1", "error: page 2 broke on its thread",
                                             "error: entry 3 broke on the writer", "page 4"});
}
