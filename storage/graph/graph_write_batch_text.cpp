// GraphWriteBatch: full-text documents, their postings and the document
// frequencies (nodes, edges, the outbox and the commit are in
// graph_write_batch.cpp).

#include <algorithm>
#include <map>

#include "storage/graph/graph_store_state.hpp"
#include "storage/graph/graph_write_batch.hpp"

namespace ds::storage {

void GraphWriteBatch::add_df(uint64_t term, int64_t delta) { df_deltas_[term] += delta; }

Result<void> GraphWriteBatch::stage_df() {
  for (const auto& [term, delta] : df_deltas_) {
    if (delta == 0) continue;
    auto key = keys::term(term);
    auto existing = read(store_.terms, key);
    if (!existing) return existing.error();
    auto df = static_cast<int64_t>(*existing ? keys::read_u64(**existing) : 0) + delta;
    if (df <= 0)
      erase(store_.terms, key);
    else
      put(store_.terms, key, keys::u64_value(static_cast<uint64_t>(df)));
  }
  return {};
}

Result<bool> GraphWriteBatch::delete_document(EntityId id) {
  // The document record lists its terms, so its postings can be found.
  auto record = read(store_.documents, keys::node(id));
  if (!record) return record.error();
  if (!*record) return false;
  const auto& bytes = **record;
  if (bytes.size() < 4 || (bytes.size() - 4) % 12 != 0)
    return make_error(errc::io_error, "corrupt document record of node " + id_hex(id));
  for (std::size_t at = 4; at < bytes.size(); at += 12) {
    auto term = keys::read_u64(bytes, at);
    erase(store_.postings, keys::posting(term, id));
    add_df(term, -1);
  }
  erase(store_.documents, keys::node(id));
  --documents_delta_;
  length_delta_ -= keys::read_u32(bytes, 0);
  return true;
}

Result<void> GraphWriteBatch::put_document(EntityId id, const std::vector<std::string>& terms) {
  // A node this batch created has no document to replace: no reads (an import's case).
  if (documentless_.erase(id) == 0) {
    if (auto r = require_node(id, "document's"); !r) return r;
    if (auto removed = delete_document(id); !removed) return removed.error();
  }
  if (terms.empty()) return {};
  std::map<uint64_t, uint32_t> frequencies;  // ordered: a deterministic record
  for (const auto& term : terms)
    ++frequencies[name_code(term)];
  auto length = static_cast<uint32_t>(terms.size());
  std::string record;
  keys::append_u32(record, length);
  for (const auto& [term, tf] : frequencies) {
    std::string posting;
    keys::append_u32(posting, tf);
    keys::append_u32(posting, length);
    put(store_.postings, keys::posting(term, id), posting);
    add_df(term, +1);
    keys::append_u64(record, term);
    keys::append_u32(record, tf);
  }
  put(store_.documents, keys::node(id), record);
  ++documents_delta_;
  length_delta_ += length;
  return {};
}

}  // namespace ds::storage
