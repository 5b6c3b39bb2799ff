#include "actors/transaction/edge_writes.hpp"

namespace ds::actors {

using protocol::EdgeEntryData;

void EdgeWrites::put(storage::EntityId src, const std::string& type, storage::EntityId dst,
                     const Properties& properties) {
  add(src, type, dst, properties);
}

void EdgeWrites::erase(storage::EntityId src, const std::string& type, storage::EntityId dst) {
  add(src, type, dst, std::nullopt);
}

void EdgeWrites::delete_node(storage::EntityId id) {
  parts_[map_.shard_of_id(id)].delete_nodes.push_back(id);
}

void EdgeWrites::add(storage::EntityId src, const std::string& type, storage::EntityId dst,
                     const std::optional<Properties>& after) {
  auto a = map_.shard_of_id(src);
  auto b = map_.shard_of_id(dst);
  EdgeEntryData out{src, type, dst, after.value_or(Properties{})};
  EdgeEntryData in{dst, type, src, {}};
  bool put = after.has_value();
  (put ? parts_[a].put_out : parts_[a].delete_out).push_back(out);
  (put ? parts_[b].put_in : parts_[b].delete_in).push_back(in);
  if (a == b) return;
  auto& a_owes = parts_[b].owed[a];  // recorded at b: what a owes
  auto& b_owes = parts_[a].owed[b];
  (put ? a_owes.out : a_owes.delete_out).push_back(std::move(out));
  (put ? b_owes.in : b_owes.delete_in).push_back(std::move(in));
  if (put) cross_shard_puts_.push_back(storage::EdgeRef{src, type, dst});
}

}  // namespace ds::actors
