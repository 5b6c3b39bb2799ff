#include "kernels/precision.hpp"

#include <string>

namespace ds::kernels {

std::string_view to_string(Precision precision) {
  switch (precision) {
    case Precision::fp32:
      return "fp32";
    case Precision::tf32:
      return "tf32";
    case Precision::bf16:
      return "bf16";
    case Precision::fp16:
      return "fp16";
    case Precision::automatic:
      return "auto";
  }
  return "?";
}

Result<Precision> parse_precision(std::string_view text) {
  for (auto p :
       {Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16, Precision::automatic})
    if (text == to_string(p)) return p;
  return make_error(
      errc::invalid_argument,
      "precision: expected fp32, tf32, bf16, fp16 or auto, got \"" + std::string(text) + "\"");
}

Precision resolve(Precision precision, int compute_major) {
  if (precision != Precision::automatic) return precision;
  return compute_major >= 8 ? Precision::bf16 : Precision::fp32;
}

std::size_t bytes_per_value(Precision precision) {
  return precision == Precision::bf16 || precision == Precision::fp16 ? 2 : 4;
}

}  // namespace ds::kernels
