#include "core/WorkerPool.h"

#include <algorithm>

namespace core {
namespace {
// Work arrives every few microseconds while the simulation runs: a waiting thread first spins
// this many times before it sleeps, so short gaps cost no system call.
constexpr int kSpins = 4000;
} // namespace

WorkerPool::WorkerPool(unsigned threads) {
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 1; i < threads; ++i)
        m_workers.emplace_back([this, i] { work(i); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_generation.fetch_add(1, std::memory_order_release);
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers)
        worker.join();
}

void WorkerPool::runShare(unsigned index) const {
    const std::size_t threads = m_workers.size() + 1;
    const std::size_t begin = m_count * index / threads;
    const std::size_t end = m_count * (index + 1) / threads;
    if (begin < end)
        m_call(m_context, begin, end);
}

void WorkerPool::dispatch(std::size_t count, Call call, const void* context) {
    m_call = call;
    m_context = context;
    m_count = count;
    m_pending.store(static_cast<unsigned>(m_workers.size()), std::memory_order_relaxed);
    {
        std::lock_guard lock(m_mutex);
        m_generation.fetch_add(1, std::memory_order_release);
    }
    m_wake.notify_all();
    runShare(0);
    for (int spin = 0; spin < kSpins; ++spin)
        if (m_pending.load(std::memory_order_acquire) == 0)
            return;
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending.load(std::memory_order_acquire) == 0; });
}

void WorkerPool::work(unsigned index) {
    std::uint64_t seen = 0;
    for (;;) {
        std::uint64_t generation = m_generation.load(std::memory_order_acquire);
        for (int spin = 0; generation == seen && spin < kSpins; ++spin) {
            std::this_thread::yield();
            generation = m_generation.load(std::memory_order_acquire);
        }
        if (generation == seen) {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_generation.load(std::memory_order_acquire) != seen; });
            generation = m_generation.load(std::memory_order_acquire);
        }
        seen = generation;
        if (m_stop.load(std::memory_order_acquire))
            return;
        runShare(index);
        if (m_pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard lock(m_mutex);
            m_done.notify_one();
        }
    }
}

} // namespace core
