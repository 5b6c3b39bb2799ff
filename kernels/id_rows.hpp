#pragma once

// The row of each id of a base, kept on the host by every backend: a
// search's allow-list becomes a mask of rows here, and an edit of the base
// (ids removed, rows upserted) is planned here as row moves and writes that
// each backend carries out on its own storage.

#include <cstdint>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ds::kernels {

/// How a base's rows change: first the moves, in order (a removed row takes
/// the last row, so the rows stay dense), then each upserted id's row is
/// written (an id already there keeps its row; a new one is appended).
struct BaseEdit {
  std::vector<std::pair<uint32_t, uint32_t>> moves;  ///< (from, to)
  std::vector<uint32_t> rows;                        ///< per upserted id, in order
  std::size_t size = 0;                              ///< rows after the edit
};

class IdRows {
 public:
  IdRows() = default;
  explicit IdRows(std::span<const int64_t> ids) : ids_(ids.begin(), ids.end()) {
    for (std::size_t r = 0; r < ids.size(); ++r)
      row_of_id_.emplace(ids[r], static_cast<uint32_t>(r));
  }

  std::size_t size() const { return ids_.size(); }
  int64_t id(std::size_t row) const { return ids_[row]; }

  /// One byte per row: 1 where `allowed` lists the row's id (unknown ids
  /// are ignored).
  std::vector<uint8_t> mask(const std::vector<int64_t>& allowed) const {
    std::vector<uint8_t> out(ids_.size(), 0);
    for (auto id : allowed)
      if (auto found = row_of_id_.find(id); found != row_of_id_.end()) out[found->second] = 1;
    return out;
  }

  /// Plans (and applies here) the removal of `removed` (unknown ids are
  /// ignored), then the upsert of `upserted` (distinct ids).
  BaseEdit edit(std::span<const int64_t> removed, std::span<const int64_t> upserted) {
    BaseEdit out;
    for (auto id : removed) {
      auto found = row_of_id_.find(id);
      if (found == row_of_id_.end()) continue;
      const uint32_t row = found->second, last = static_cast<uint32_t>(ids_.size() - 1);
      row_of_id_.erase(found);
      if (row != last) {
        out.moves.emplace_back(last, row);
        ids_[row] = ids_[last];
        row_of_id_[ids_[row]] = row;
      }
      ids_.pop_back();
    }
    for (auto id : upserted) {
      auto [at, added] = row_of_id_.try_emplace(id, static_cast<uint32_t>(ids_.size()));
      if (added) ids_.push_back(id);
      out.rows.push_back(at->second);
    }
    out.size = ids_.size();
    return out;
  }

 private:
  std::vector<int64_t> ids_;  ///< by row
  std::unordered_map<int64_t, uint32_t> row_of_id_;
};

}  // namespace ds::kernels
