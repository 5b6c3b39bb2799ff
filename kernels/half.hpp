#pragma once

// bf16 and fp16 values in host memory, bit-compatible with CUDA's
// __nv_bfloat16 and __half: the CPU backend keeps 16-bit bases in them and
// the CUDA backend uploads them as they are. Conversions round to nearest,
// ties to even, as the CUDA intrinsics do.

#include <bit>
#include <cstdint>

namespace ds::kernels {

struct bf16 {
  uint16_t bits = 0;
};

struct fp16 {
  uint16_t bits = 0;
};

inline bf16 to_bf16(float value) {
  auto bits = std::bit_cast<uint32_t>(value);
  if ((bits & 0x7fffffffu) > 0x7f800000u) return bf16{static_cast<uint16_t>((bits >> 16) | 0x40)};
  bits += 0x7fffu + ((bits >> 16) & 1u);  // round to nearest even
  return bf16{static_cast<uint16_t>(bits >> 16)};
}

inline float to_float(bf16 value) { return std::bit_cast<float>(uint32_t{value.bits} << 16); }

// GCC and Clang implement _Float16 (IEEE binary16) on x86-64 and AArch64:
// the compiler's conversions are exact and correctly rounded.
inline fp16 to_fp16(float value) {
  return fp16{std::bit_cast<uint16_t>(static_cast<_Float16>(value))};
}

inline float to_float(fp16 value) {
  return static_cast<float>(std::bit_cast<_Float16>(value.bits));
}

}  // namespace ds::kernels
