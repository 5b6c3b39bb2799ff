#pragma once

// What every backend does to a vector on the host before it reaches a
// device: normalising (cosine) and rounding to the base's precision, so
// that the CPU oracle and the GPU multiply the very same values.

#include <cstdint>
#include <span>

#include "kernels/backend.hpp"
#include "kernels/half.hpp"

namespace ds::kernels {

/// Scales `v` to unit L2 norm (a zero vector stays zero).
void normalize(std::span<float> v);

/// `value` rounded to `precision` (bf16, fp16) and back; fp32 and tf32
/// keep it as it is.
inline float round_to(Precision precision, float value) {
  if (precision == Precision::bf16) return to_float(to_bf16(value));
  if (precision == Precision::fp16) return to_float(to_fp16(value));
  return value;
}

/// Rounds each value of `v` likewise.
void round_to(Precision precision, std::span<float> v);

/// A row or query as a base of `spec` keeps it: normalised for cosine,
/// rounded to its precision.
void prepare_vector(const BaseSpec& spec, std::span<float> v);

float squared_norm(std::span<const float> v);

/// `in` as the 16-bit values (bits) a bf16 or fp16 base keeps; `out` has
/// in.size() slots. load_16bit reads one back.
void store_16bit(Precision precision, std::span<const float> in, uint16_t* out);
float load_16bit(Precision precision, uint16_t bits);

}  // namespace ds::kernels
