#pragma once

// Runs CUDA device code on the host, for tests on machines without a GPU:
// the blocks of a launch one after another, each block's threads as
// std::threads, __syncthreads and the warp primitives top_k.cuh uses as
// barriers. Slow, and only as faithful as those primitives, but it runs
// the kernels' own source: a test of their logic (indices, ties, the
// selection's passes) that the CPU CI runs. Include it before the device
// code, which must be written for it (shared_entries(), no CUDA headers).

#include <algorithm>
#include <atomic>
#include <barrier>
#include <bit>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#define DS_CUDA_HOST_BLOCK 1
#define __device__
#define __global__
// Block-scope __shared__ variables: one copy, which the block's threads
// share (blocks run one at a time).
#define __shared__ static

struct HostIndex {
  unsigned x = 0, y = 0, z = 0;
};
inline thread_local HostIndex threadIdx, blockIdx;
inline HostIndex blockDim, gridDim;

inline unsigned min(unsigned a, unsigned b) { return std::min(a, b); }
inline uint32_t __float_as_uint(float f) { return std::bit_cast<uint32_t>(f); }
inline float __uint_as_float(uint32_t u) { return std::bit_cast<float>(u); }
inline int __ffs(unsigned v) { return v == 0 ? 0 : std::countr_zero(v) + 1; }
inline int __popc(unsigned v) { return std::popcount(v); }
inline unsigned atomicAdd(unsigned* at, unsigned v) {
  return std::atomic_ref<unsigned>(*at).fetch_add(v);
}

namespace ds::kernels::cuda::host_block {

/// What the running launch's threads share.
struct Launch {
  std::unique_ptr<std::barrier<>> block;
  std::vector<std::unique_ptr<std::barrier<>>> warps;
  std::vector<unsigned> lanes;  // a value per thread, for the warp exchanges
  std::vector<uint64_t> dynamic_shared;
};
inline Launch launch;

inline unsigned lane() { return threadIdx.x % 32; }
inline unsigned* warp_values() { return launch.lanes.data() + threadIdx.x / 32 * 32; }
inline void warp_barrier() { launch.warps[threadIdx.x / 32]->arrive_and_wait(); }

/// Every lane publishes `v`; `pick` reads the warp's values; then the
/// lanes wait for each other again, so the next exchange can reuse them.
template <class Pick>
unsigned exchange(unsigned v, Pick pick) {
  warp_values()[lane()] = v;
  warp_barrier();
  const unsigned out = pick(warp_values());
  warp_barrier();
  return out;
}

/// Runs `kernel()` for each block of a grid_x x grid_y launch of
/// `threads` threads (a multiple of 32) with `shared_bytes` of dynamic
/// shared memory.
template <class Kernel>
void run(unsigned grid_x, unsigned grid_y, unsigned threads, std::size_t shared_bytes,
         Kernel kernel) {
  gridDim = {grid_x, grid_y, 1};
  blockDim = {threads, 1, 1};
  launch.block = std::make_unique<std::barrier<>>(threads);
  launch.warps.clear();
  for (unsigned w = 0; w < threads / 32; ++w)
    launch.warps.push_back(std::make_unique<std::barrier<>>(32));
  launch.lanes.assign(threads, 0);
  launch.dynamic_shared.assign((shared_bytes + 7) / 8, 0);
  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      threadIdx = {t, 0, 0};
      for (unsigned y = 0; y < grid_y; ++y)
        for (unsigned x = 0; x < grid_x; ++x) {
          blockIdx = {x, y, 0};
          kernel();
          launch.block->arrive_and_wait();  // the block's shared memory is the next one's
        }
    });
}

}  // namespace ds::kernels::cuda::host_block

inline void __syncthreads() { ds::kernels::cuda::host_block::launch.block->arrive_and_wait(); }
inline void __syncwarp(unsigned = 0xffffffffu) { ds::kernels::cuda::host_block::warp_barrier(); }
inline unsigned __match_any_sync(unsigned, unsigned v) {
  return ds::kernels::cuda::host_block::exchange(v, [v](const unsigned* values) {
    unsigned peers = 0;
    for (unsigned l = 0; l < 32; ++l)
      if (values[l] == v) peers |= 1u << l;
    return peers;
  });
}
inline unsigned __shfl_up_sync(unsigned, unsigned v, unsigned offset) {
  const unsigned lane = ds::kernels::cuda::host_block::lane();
  return ds::kernels::cuda::host_block::exchange(
      v, [&](const unsigned* values) { return lane >= offset ? values[lane - offset] : v; });
}
inline unsigned __shfl_sync(unsigned, unsigned v, unsigned source) {
  return ds::kernels::cuda::host_block::exchange(
      v, [source](const unsigned* values) { return values[source]; });
}

namespace ds::kernels::cuda {
inline uint64_t* shared_entries() { return host_block::launch.dynamic_shared.data(); }
}  // namespace ds::kernels::cuda
