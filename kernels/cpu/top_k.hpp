#pragma once

// The k smallest (score, row) pairs of a stream: a buffer of up to 2k
// candidates cut back to k (nth_element) whenever it fills, so a push is a
// compare against the current k-th score in the common case. Rows are
// pushed in increasing order, so an equal score never displaces an earlier
// row: the result is the first k by (score, row).

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace ds::kernels::cpu {

struct Scored {
  float score;
  uint32_t row;
  friend bool operator<(const Scored& a, const Scored& b) {
    return a.score < b.score || (a.score == b.score && a.row < b.row);
  }
};

class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { items_.reserve(2 * k); }

  void push(float score, uint32_t row) {
    if (!(score < threshold_)) return;
    items_.push_back({score, row});
    if (items_.size() == 2 * k_) cut();
  }

  /// The best k (fewer if fewer came), best first; the selector is spent.
  std::vector<Scored>& finish() {
    if (items_.size() > k_) cut();
    std::sort(items_.begin(), items_.end());
    return items_;
  }

 private:
  void cut() {
    std::nth_element(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(k_ - 1),
                     items_.end());
    items_.resize(k_);
    threshold_ = items_[k_ - 1].score;
  }

  std::size_t k_;
  float threshold_ = std::numeric_limits<float>::infinity();
  std::vector<Scored> items_;
};

}  // namespace ds::kernels::cpu
