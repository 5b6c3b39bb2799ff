#include "kernels/cpu/cpu_base.hpp"

#include <algorithm>

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
    : spec_(spec), id_rows_(ids), memory_(std::move(memory)) {
  resize(ids.size());
  for (std::size_t r = 0; r < ids.size(); ++r)
    store(r, rows.subspan(r * spec_.dim, spec_.dim));
  memory_->add(bytes());
}

void CpuBase::update(std::span<const int64_t> removed, std::span<const float> rows,
                     std::span<const int64_t> ids) {
  memory_->remove(bytes());
  const auto edit = id_rows_.edit(removed, ids);
  const std::size_t d = spec_.dim;
  for (auto [from, to] : edit.moves) {
    if (!fp32_.empty()) std::copy_n(fp32_.begin() + from * d, d, fp32_.begin() + to * d);
    if (!half_.empty()) std::copy_n(half_.begin() + from * d, d, half_.begin() + to * d);
    if (!norms_.empty()) norms_[to] = norms_[from];
  }
  resize(edit.size);
  for (std::size_t i = 0; i < ids.size(); ++i)
    store(edit.rows[i], rows.subspan(i * d, d));
  memory_->add(bytes());
}

void CpuBase::resize(std::size_t rows) {
  const bool half = bytes_per_value(spec_.precision) == 2;
  (half ? half_.resize(rows * spec_.dim) : fp32_.resize(rows * spec_.dim));
  if (spec_.metric == Metric::l2) norms_.resize(rows);
}

void CpuBase::store(std::size_t row, std::span<const float> values) {
  std::vector<float> v(values.begin(), values.end());
  if (spec_.metric == Metric::cosine) normalize(v);
  // Rounding happens once, in the conversion below.
  if (bytes_per_value(spec_.precision) == 2)
    store_16bit(spec_.precision, v, half_.data() + row * spec_.dim);
  else
    std::copy(v.begin(), v.end(), fp32_.begin() + row * spec_.dim);
  if (spec_.metric == Metric::l2) {
    std::vector<float> scratch;
    norms_[row] = squared_norm(std::span(this->rows(row, 1, scratch), spec_.dim));
  }
}

CpuBase::~CpuBase() { memory_->remove(bytes()); }

uint64_t CpuBase::bytes() const {
  return fp32_.size() * sizeof(float) + half_.size() * sizeof(uint16_t) +
         norms_.size() * sizeof(float) + id_rows_.size() * sizeof(int64_t);
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
