#pragma once

// Block-wide top-k by radix selection. An entry is a 64-bit (key, row):
// keys are scores mapped to unsigned integers that order as the floats do,
// so entries order by score, ties by row (as the CPU backend orders them).
// Up to eight 8-bit passes find the k-th smallest entry, stopping as soon
// as the digit that holds it is taken whole (after the four key bytes with
// distinct scores); one more pass gathers the k. A bitonic sort orders them.

#include <cstdint>

namespace ds::kernels::cuda {

/// The key of a masked, filtered or missing row: never selected.
constexpr uint32_t kWorstKey = 0xffffffffu;
constexpr uint64_t kWorstEntry = ~uint64_t{0};

__device__ inline uint32_t order_key(float score) {
  uint32_t bits = __float_as_uint(score);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

__device__ inline float key_score(uint32_t key) {
  return __uint_as_float((key & 0x80000000u) ? key & 0x7fffffffu : ~key);
}

/// The block's dynamic shared memory (a launch's third argument), as
/// entries. The host test brings its own (testing/host_block.hpp).
#if !defined(DS_CUDA_HOST_BLOCK)
__device__ inline uint64_t* shared_entries() {
  extern __shared__ uint64_t dynamic_shared[];
  return dynamic_shared;
}
#endif

__device__ inline uint64_t pack(uint32_t key, uint32_t row) { return (uint64_t{key} << 32) | row; }

__device__ inline bool is_worst(uint64_t entry) {
  return static_cast<uint32_t>(entry >> 32) == kWorstKey;
}

/// Adds one to histogram[digit] for each lane whose digit is below 256,
/// one shared atomic per distinct digit of the warp: the keys of one tile
/// share their leading bytes, and per-lane atomics on one bin serialize.
/// Every lane of the warp calls it (full mask).
__device__ inline void count_digit(unsigned* histogram, unsigned digit) {
  const unsigned peers = __match_any_sync(0xffffffffu, digit);
  if (digit < 256 && (threadIdx.x & 31u) == static_cast<unsigned>(__ffs(peers) - 1))
    atomicAdd(&histogram[digit], static_cast<unsigned>(__popc(peers)));
}

/// One radix pass's choice, by the first warp: the digit of the k-th
/// smallest entry among those under `prefix` (each lane sums 8 bins, a warp
/// scan finds the lane whose bins cross `remaining`, that lane finds the
/// bin). It extends prefix, leaves in `remaining` how many to take under
/// the new prefix, and sets `done` once every entry under it is taken (or,
/// in the first pass, when no more than k are valid: prefix_mask stays 0).
__device__ inline void choose_digit(const unsigned* histogram, int shift, unsigned k,
                                    uint64_t& prefix, uint64_t& prefix_mask, unsigned& remaining,
                                    uint32_t& threshold, bool& done) {
  const unsigned lane = threadIdx.x, want = remaining;
  unsigned bins[8], sum = 0;
  for (unsigned j = 0; j < 8; ++j)
    sum += bins[j] = histogram[lane * 8 + j];
  unsigned upto = sum;  // inclusive scan over the lanes
  for (unsigned offset = 1; offset < 32; offset <<= 1) {
    const unsigned v = __shfl_up_sync(0xffffffffu, upto, offset);
    if (lane >= offset) upto += v;
  }
  const unsigned total = __shfl_sync(0xffffffffu, upto, 31);
  __syncwarp();  // every lane has read `remaining` before one writes it
  if (shift == 56 && total <= k) {
    if (lane == 0) done = true;
    return;
  }
  unsigned before = upto - sum;
  if (before >= want || upto < want) return;  // not the lane that crosses
  unsigned digit = lane * 8;
  for (unsigned j = 0; j < 7 && before + bins[j] < want; ++j)
    before += bins[j], ++digit;
  const unsigned in_digit = histogram[digit];
  remaining = want - before;
  prefix |= uint64_t{digit} << shift;
  prefix_mask |= uint64_t{255} << shift;
  if (in_digit == remaining) {
    done = true;  // every entry under this prefix is taken: k in all
    threshold = static_cast<uint32_t>((prefix | ~prefix_mask) >> 32);
  }
}

/// Selects the k smallest entries that `load` gives (load.entry(i) for i
/// below m), leaving out those with kWorstKey, into `selected` (shared
/// memory, k entries, unordered; padded with kWorstEntry when fewer are
/// valid). Returns a key no better than the k-th selected one (kWorstKey
/// when fewer than k were valid): an entry of a later row whose key is
/// above it cannot enter. Every thread of the block calls it; blockDim.x is
/// a multiple of 32.
template <class Load>
__device__ uint32_t select_k(const Load& load, unsigned m, unsigned k, uint64_t* selected) {
  __shared__ unsigned histogram[256];
  __shared__ uint64_t prefix, prefix_mask;
  __shared__ unsigned remaining, taken;
  __shared__ uint32_t threshold;
  __shared__ bool done;
  if (threadIdx.x == 0) {
    prefix = 0;
    prefix_mask = 0;
    remaining = k;
    taken = 0;
    threshold = kWorstKey;
    done = false;
  }
  for (int shift = 56; shift >= 0; shift -= 8) {
    for (unsigned b = threadIdx.x; b < 256; b += blockDim.x)
      histogram[b] = 0;
    __syncthreads();
    for (unsigned first = 0; first < m; first += blockDim.x) {  // the same trips for all lanes
      const unsigned i = first + threadIdx.x;
      const uint64_t entry = i < m ? load.entry(i) : kWorstEntry;
      const bool counts = !is_worst(entry) && (entry & prefix_mask) == prefix;
      count_digit(histogram, counts ? static_cast<unsigned>(entry >> shift) & 255u : 256u);
    }
    __syncthreads();
    if (threadIdx.x < 32)
      choose_digit(histogram, shift, k, prefix, prefix_mask, remaining, threshold, done);
    __syncthreads();
    if (done) break;
  }
  for (unsigned i = threadIdx.x; i < m; i += blockDim.x) {
    const uint64_t entry = load.entry(i);
    if (!is_worst(entry) && (entry & prefix_mask) <= prefix) {
      const unsigned at = atomicAdd(&taken, 1u);
      if (at < k) selected[at] = entry;  // more only if an entry came twice
    }
  }
  __syncthreads();
  for (unsigned i = min(taken, k) + threadIdx.x; i < k; i += blockDim.x)
    selected[i] = kWorstEntry;
  const uint32_t out = threshold;
  __syncthreads();
  return out;
}

/// Sorts `entries` (shared memory, `count` of them, a power of two)
/// ascending. Every thread of the block calls it.
__device__ inline void bitonic_sort(uint64_t* entries, unsigned count) {
  for (unsigned size = 2; size <= count; size <<= 1)
    for (unsigned stride = size / 2; stride > 0; stride >>= 1) {
      for (unsigned i = threadIdx.x; i < count; i += blockDim.x) {
        unsigned j = i ^ stride;
        if (j > i) {
          bool ascending = (i & size) == 0;
          uint64_t a = entries[i], b = entries[j];
          if ((a > b) == ascending) {
            entries[i] = b;
            entries[j] = a;
          }
        }
      }
      __syncthreads();
    }
}

}  // namespace ds::kernels::cuda
