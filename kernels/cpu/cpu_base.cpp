#include "kernels/cpu/cpu_base.hpp"

#include "kernels/vectors.hpp"

namespace ds::kernels::cpu {
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
  if (bytes_per_value(spec_.precision) == 2) {
    half_.resize(values.size());
    store_16bit(spec_.precision, values, half_.data());
  } else {
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
    scratch[i] = load_16bit(spec_.precision, half_[begin + i]);
  return scratch.data();
}

}  // namespace ds::kernels::cpu
