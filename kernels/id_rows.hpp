#pragma once

// The row of each id of a base, kept on the host by every backend: a
// search's allow-list becomes a mask of rows here.

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace ds::kernels {

class IdRows {
 public:
  IdRows() = default;
  explicit IdRows(std::span<const int64_t> ids) : rows_(ids.size()) {
    for (std::size_t r = 0; r < ids.size(); ++r)
      row_of_id_.emplace(ids[r], static_cast<uint32_t>(r));
  }

  /// One byte per row: 1 where `allowed` lists the row's id (unknown ids
  /// are ignored).
  std::vector<uint8_t> mask(const std::vector<int64_t>& allowed) const {
    std::vector<uint8_t> out(rows_, 0);
    for (auto id : allowed)
      if (auto found = row_of_id_.find(id); found != row_of_id_.end()) out[found->second] = 1;
    return out;
  }

 private:
  std::size_t rows_ = 0;
  std::unordered_map<int64_t, uint32_t> row_of_id_;
};

}  // namespace ds::kernels
