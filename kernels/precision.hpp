#pragma once

// Precision modes: how vectors and embeddings are kept and multiplied.
// fp32 exact; tf32 keeps fp32 but lets tensor cores round the products'
// inputs to 10 mantissa bits; bf16 and fp16 keep 16-bit values and
// accumulate in fp32 (fp16 trains with loss scaling); auto is bf16 on
// compute capability >= 8.0 (Ampere on), else fp32.

#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace ds::kernels {

enum class Precision { fp32, tf32, bf16, fp16, automatic };

std::string_view to_string(Precision precision);
/// "fp32", "tf32", "bf16", "fp16", "auto"; the error lists them.
Result<Precision> parse_precision(std::string_view text);

/// auto for a device of this compute capability (0.0: the CPU, which
/// gets fp32: it has no 16-bit arithmetic to gain from).
Precision resolve(Precision precision, int compute_major);

/// What one value takes in memory, kept in this (resolved) precision.
std::size_t bytes_per_value(Precision precision);

}  // namespace ds::kernels
