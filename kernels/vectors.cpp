#include "kernels/vectors.hpp"

#include <cmath>

#include "kernels/half.hpp"

namespace ds::kernels {

void normalize(std::span<float> v) {
  double sum = 0;
  for (float x : v)
    sum += static_cast<double>(x) * x;
  if (sum == 0) return;
  auto scale = static_cast<float>(1.0 / std::sqrt(sum));
  for (float& x : v)
    x *= scale;
}

void round_to(Precision precision, std::span<float> v) {
  for (float& x : v)
    x = round_to(precision, x);
}

void prepare_vector(const BaseSpec& spec, std::span<float> v) {
  if (spec.metric == Metric::cosine) normalize(v);
  round_to(spec.precision, v);
}

void store_16bit(Precision precision, std::span<const float> in, uint16_t* out) {
  if (precision == Precision::bf16)
    for (std::size_t i = 0; i < in.size(); ++i)
      out[i] = to_bf16(in[i]).bits;
  else
    for (std::size_t i = 0; i < in.size(); ++i)
      out[i] = to_fp16(in[i]).bits;
}

float load_16bit(Precision precision, uint16_t bits) {
  return precision == Precision::bf16 ? to_float(bf16{bits}) : to_float(fp16{bits});
}

float squared_norm(std::span<const float> v) {
  double sum = 0;
  for (float x : v)
    sum += static_cast<double>(x) * x;
  return static_cast<float>(sum);
}

}  // namespace ds::kernels
