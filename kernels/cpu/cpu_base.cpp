#include "kernels/cpu/cpu_base.hpp"

#include "kernels/half.hpp"
#include "kernels/vectors.hpp"

namespace ds::kernels::cpu {
namespace {

template <class Half>
void to_half(std::span<const float> in, std::vector<uint16_t>& out, Half (*convert)(float)) {
  out.resize(in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = convert(in[i]).bits;
}

float half_to_float(Precision precision, uint16_t bits) {
  return precision == Precision::bf16 ? to_float(bf16{bits}) : to_float(fp16{bits});
}

}  // namespace

void MemoryCount::add(uint64_t bytes) {
  auto now = in_use += bytes;
  auto seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
}

CpuBase::CpuBase(const BaseSpec& spec, std::span<const float> rows, std::span<const int64_t> ids,
                 std::shared_ptr<MemoryCount> memory)
    : spec_(spec), ids_(ids.begin(), ids.end()), memory_(std::move(memory)) {
  std::vector<float> values(rows.begin(), rows.end());
  if (spec_.metric == Metric::cosine)
    for (std::size_t r = 0; r < ids_.size(); ++r)
      normalize(std::span(values).subspan(r * spec_.dim, spec_.dim));
  // Rounding happens once, in the conversion below.
  switch (spec_.precision) {
    case Precision::bf16:
      to_half(values, half_, to_bf16);
      break;
    case Precision::fp16:
      to_half(values, half_, to_fp16);
      break;
    default:
      fp32_ = std::move(values);
  }
  if (spec_.metric == Metric::l2) {
    norms_.resize(ids_.size());
    std::vector<float> scratch;
    for (std::size_t r = 0; r < ids_.size(); ++r)
      norms_[r] = squared_norm(std::span(this->rows(r, 1, scratch), spec_.dim));
  }
  id_rows_ = IdRows(ids);
  memory_->add(bytes());
}

CpuBase::~CpuBase() { memory_->remove(bytes()); }

uint64_t CpuBase::bytes() const {
  return fp32_.size() * sizeof(float) + half_.size() * sizeof(uint16_t) +
         norms_.size() * sizeof(float) + ids_.size() * sizeof(int64_t);
}

const float* CpuBase::rows(std::size_t first, std::size_t count,
                           std::vector<float>& scratch) const {
  std::size_t begin = first * spec_.dim;
  if (!fp32_.empty()) return fp32_.data() + begin;
  scratch.resize(count * spec_.dim);
  for (std::size_t i = 0; i < scratch.size(); ++i)
    scratch[i] = half_to_float(spec_.precision, half_[begin + i]);
  return scratch.data();
}

}  // namespace ds::kernels::cpu
