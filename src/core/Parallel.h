// core: a deterministic parallel loop. Each index is computed independently and writes only its
// own results, so the output does not depend on how the work was split between threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace core {

template <typename Body> void parallelFor(std::size_t count, const Body& body) {
    const std::size_t threads = std::min<std::size_t>(
        std::max(1u, std::thread::hardware_concurrency()), std::max<std::size_t>(count, 1));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i)
            body(i);
        return;
    }
    // Threads take the next index as they finish one: uneven work still balances.
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++)
            body(i);
    };
    std::vector<std::thread> workers;
    for (std::size_t t = 1; t < threads; ++t)
        workers.emplace_back(worker);
    worker();
    for (std::thread& w : workers)
        w.join();
}

} // namespace core
