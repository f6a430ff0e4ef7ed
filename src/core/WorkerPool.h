// core: a pool of threads kept for a loop run many times a second (the simulation's solve runs
// hundreds of short parallel loops per frame, too many to start threads for each). Each call
// splits [0, count) into contiguous ranges, one per thread; as long as each index writes only
// its own results the output does not depend on the number of threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace core {

class WorkerPool {
public:
    // threads 0: one per hardware thread.
    explicit WorkerPool(unsigned threads = 0);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    unsigned threadCount() const { return static_cast<unsigned>(m_workers.size()) + 1; }

    // Calls body(begin, end) on ranges covering [0, count) and returns when all are done.
    // Below `minimumPerThread` indices a thread, the calling thread does it all.
    template <typename Body>
    void run(std::size_t count, const Body& body, std::size_t minimumPerThread = 512) {
        if (m_workers.empty() || count < 2 * minimumPerThread) {
            body(std::size_t{0}, count);
            return;
        }
        dispatch(
            count,
            [](const void* context, std::size_t begin, std::size_t end) {
                (*static_cast<const Body*>(context))(begin, end);
            },
            &body);
    }

private:
    using Call = void (*)(const void*, std::size_t, std::size_t);
    void dispatch(std::size_t count, Call call, const void* context);
    void work(unsigned index);
    void runShare(unsigned index) const;

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<unsigned> m_pending{0};
    std::atomic<bool> m_stop{false};
    // The job of the current generation.
    Call m_call = nullptr;
    const void* m_context = nullptr;
    std::size_t m_count = 0;
};

} // namespace core
