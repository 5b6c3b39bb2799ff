#pragma once

// A base in host memory: rows in the spec's precision (fp32 or 16-bit
// bits), the squared norms l2 needs, and the row of each id.

#include <atomic>
#include <memory>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/id_rows.hpp"

namespace ds::kernels::cpu {

/// The bytes the CPU backend's bases hold; shared with the bases, which
/// may outlive the backend that made them.
struct MemoryCount {
  std::atomic<uint64_t> in_use{0};
  std::atomic<uint64_t> peak{0};
  void add(uint64_t bytes);
  void remove(uint64_t bytes) { in_use -= bytes; }
};

class CpuBase final : public VectorBase {
 public:
  CpuBase(const BaseSpec& spec, std::span<const float> rows, std::span<const int64_t> ids,
          std::shared_ptr<MemoryCount> memory);
  ~CpuBase() override;

  /// Backend::update's work (checked): the edit IdRows plans, on the rows.
  void update(std::span<const int64_t> removed, std::span<const float> rows,
              std::span<const int64_t> ids);

  std::size_t size() const override { return id_rows_.size(); }
  const BaseSpec& spec() const override { return spec_; }
  uint64_t bytes() const override;

  /// Rows [first, first + count) as fp32: the stored ones, or converted
  /// into `scratch`.
  const float* rows(std::size_t first, std::size_t count, std::vector<float>& scratch) const;
  /// Squared norms of the stored rows (l2 only).
  const std::vector<float>& norms() const { return norms_; }
  int64_t id(std::size_t row) const { return id_rows_.id(row); }
  /// 1 for the rows whose id `allowed` lists.
  std::vector<uint8_t> mask(const std::vector<int64_t>& allowed) const {
    return id_rows_.mask(allowed);
  }

 private:
  /// Room for `rows` rows (new ones zero until stored).
  void resize(std::size_t rows);
  /// `values` (one row, as given) kept at `row`: normalised for cosine,
  /// rounded to the precision, its norm for l2 (its id is in id_rows_).
  void store(std::size_t row, std::span<const float> values);

  BaseSpec spec_;
  std::vector<float> fp32_;
  std::vector<uint16_t> half_;  ///< bf16 or fp16 bits
  std::vector<float> norms_;
  IdRows id_rows_;
  std::shared_ptr<MemoryCount> memory_;
};

}  // namespace ds::kernels::cpu
