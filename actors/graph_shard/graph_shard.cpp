#include "actors/graph_shard/graph_shard.hpp"

#include <map>
#include <memory>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/graph_shard/query_reads.hpp"
#include "actors/graph_shard/query_writes.hpp"
#include "actors/graph_shard/text_reads.hpp"
#include "actors/graph_shard/vector_changes.hpp"
#include "actors/routing/shard_map.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/codec/direction_codec.hpp"
#include "protocol/codec/node_codec.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/deadline.hpp"
#include "protocol/wire/error_codec.hpp"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"
#include "storage/graph/graph_records.hpp"
#include "storage/graph/graph_write_batch.hpp"
#include "storage/graph/slot_ranges.hpp"

namespace ds::actors {
namespace {

using storage::EntityId;

/// What a shard knows: its store and which slots it owns.
struct Shard {
  GraphShardOptions options;
  storage::SlotRange slots;
  // shared_ptr only because CAF copies spawn arguments; from the first
  // message on, the actor is its one owner.
  std::shared_ptr<storage::GraphStore> store;
  /// What of a node is its full-text document; null: no full-text index.
  std::shared_ptr<const storage::NodeText> text;
};

struct ShardState {
  Shard shard;
  /// The store is flushed (its WAL fsynced) when the shard stops, however it stops.
  ~ShardState() {
    if (!shard.store) return;
    if (auto flushed = shard.store->flush(); !flushed)
      spdlog::error("graph shard {}: {}", shard.options.index, flushed.error().message);
  }
};

Result<void> owns_slot(const Shard& shard, uint32_t slot, const std::string& what) {
  if (shard.slots.contains(slot)) return {};
  return make_error(errc::invalid_argument,
                    what + " (slot " + std::to_string(slot) + ") belongs to shard " +
                        std::to_string(storage::shard_of_slot(slot, shard.options.shard_count)) +
                        ", not to shard " + std::to_string(shard.options.index) +
                        ": route by the shard map");
}

Result<void> owns_key(const Shard& shard, std::string_view key) {
  return owns_slot(shard, storage::slot_of_key(key), "key \"" + std::string(key) + "\"");
}

Result<void> owns_id(const Shard& shard, EntityId id) {
  return owns_slot(shard, storage::slot_of_id(id), "id " + std::to_string(id));
}

std::string to_bytes(const wire::Envelope& envelope) {
  auto bytes = envelope.to_bytes();
  return std::string(bytes.begin(), bytes.end());
}

/// A committed write: the reply, and the index updates to forward first.
struct Written {
  wire::Envelope reply;
  std::vector<wire::Envelope> vector_updates;
};

/// Edge entries a write did not put: their node is not here.
struct Skipped {
  std::vector<protocol::EdgeEntryData> out, in;
};

/// The `out` and `in` entries of `request`. With skipMissing, an entry whose
/// node is gone (deleted by a query meanwhile) is skipped and kept in
/// `skipped`, so that the caller removes the edge's other side.
Result<void> put_edges(Shard& shard, storage::GraphWriteBatch& batch,
                       schema::ShardWrite::Reader request, Skipped& skipped) {
  for (auto [list, out] :
       {std::pair{request.getOutEdges(), true}, std::pair{request.getInEdges(), false}}) {
    for (auto edge : list) {
      if (auto r = owns_id(shard, edge.getFirst()); !r) return r.error();
      auto type = schema::to_string(edge.getType());
      auto put = out ? batch.put_out_edge(edge.getFirst(), type, edge.getSecond(),
                                          schema::read_properties(edge.getProperties()))
                     : batch.put_in_edge(edge.getFirst(), type, edge.getSecond());
      if (put) continue;
      if (!request.getSkipMissing() || put.error().code != errc::not_found) return put.error();
      (out ? skipped.out : skipped.in)
          .push_back(
              protocol::EdgeEntryData{edge.getFirst(), std::move(type), edge.getSecond(), {}});
    }
  }
  return {};
}

/// A node of the request: a CREATE's node (must be new: its query found the
/// key free, and another writer may have taken it since) or an upsert.
Result<EntityId> stage_node(storage::GraphWriteBatch& batch, schema::NodeUpsert::Reader node,
                            const std::string& key, std::vector<std::string> labels,
                            Properties properties) {
  if (!node.getMustBeNew())
    return batch.upsert_node(key, std::move(labels), std::move(properties), node.getId());
  auto id = batch.create_node(key, std::move(labels), std::move(properties), node.getId());
  if (!id) return id.error();
  if (*id) return **id;
  return make_error(errc::already_exists,
                    "cannot make a node with the key '" + key +
                        "': another query made one meanwhile (keys are unique; MATCH or MERGE "
                        "it by key instead)");
}

Result<Written> write(Shard& shard, schema::ShardWrite::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  storage::GraphWriteBatch batch(*shard.store);
  std::vector<EntityId> node_ids, ensured_ids;
  for (auto node : request.getNodes()) {
    auto key = schema::to_string(node.getKey());
    if (auto r = owns_key(shard, key); !r) return r.error();
    std::vector<std::string> labels;
    for (auto label : node.getLabels())
      labels.push_back(schema::to_string(label));
    auto properties = schema::read_properties(node.getProperties());
    auto terms = shard.text ? shard.text->terms(properties) : std::vector<std::string>{};
    auto id = stage_node(batch, node, key, std::move(labels), std::move(properties));
    if (!id) return id.error();
    if (shard.text)  // no terms: the node's old document, if any, goes
      if (auto r = batch.put_document(*id, terms); !r) return r.error();
    node_ids.push_back(*id);
  }
  for (auto key_reader : request.getEnsureKeys()) {
    auto key = schema::to_string(key_reader);
    if (auto r = owns_key(shard, key); !r) return r.error();
    auto id = batch.ensure_node(key);
    if (!id) return id.error();
    ensured_ids.push_back(*id);
  }
  ShardPlace place{shard.options.index, [&](EntityId id) { return owns_id(shard, id); },
                   [&](EntityId id) {
                     return storage::shard_of_slot(storage::slot_of_id(id),
                                                   shard.options.shard_count);
                   }};
  auto query_writes = stage_query_writes(*shard.store, shard.text.get(), batch, request, place);
  if (!query_writes) return query_writes.error();
  Skipped skipped;
  if (auto r = put_edges(shard, batch, request, skipped); !r) return r.error();
  // One outbox record per debtor: what the request says it owes, and the
  // other entries of the deleted nodes' edges.
  protocol::Owed owed = query_writes->owed;
  protocol::add_owed(owed, request.getOwed());
  for (const auto& [debtor, edges] : owed)
    batch.put_outbox(request.getBatchId(), debtor,
                     to_bytes(wire::build<schema::OwedWrite>([&](schema::OwedWrite::Builder out) {
                       protocol::fill_owed(out, debtor, edges);
                     })));
  for (auto settled : request.getSettle())
    if (auto r = batch.settle_outbox(settled); !r) return r.error();
  auto vectors = stage_vector_changes(*shard.store, batch, request, query_writes->deleted_ids,
                                      [&](std::string_view key) { return owns_key(shard, key); });
  if (!vectors) return vectors.error();
  if (auto committed = batch.commit(); !committed) return committed.error();
  auto reply = wire::build<schema::ShardWriteResult>([&](schema::ShardWriteResult::Builder out) {
    auto nodes = out.initNodeIds(static_cast<unsigned>(node_ids.size()));
    for (unsigned i = 0; i < node_ids.size(); ++i)
      nodes.set(i, node_ids[i]);
    auto ensured = out.initEnsuredIds(static_cast<unsigned>(ensured_ids.size()));
    for (unsigned i = 0; i < ensured_ids.size(); ++i)
      ensured.set(i, ensured_ids[i]);
    auto vector_ids = out.initVectorIds(static_cast<unsigned>(vectors->ids.size()));
    for (unsigned i = 0; i < vectors->ids.size(); ++i)
      vector_ids.set(i, vectors->ids[i]);
    out.setDeletedVectors(vectors->deleted);
    out.setDeletedNodes(query_writes->deleted_nodes);
    out.setDetachedEdges(query_writes->detached_edges);
    protocol::fill_entries(out.initSkippedOut(static_cast<unsigned>(skipped.out.size())),
                           skipped.out);
    protocol::fill_entries(out.initSkippedIn(static_cast<unsigned>(skipped.in.size())), skipped.in);
    auto mirrors = out.initOwed(static_cast<unsigned>(query_writes->owed.size()));
    unsigned k = 0;
    for (const auto& [debtor, edges] : query_writes->owed)
      protocol::fill_owed(mirrors[k++], debtor, edges);
  });
  return Written{std::move(reply), std::move(vectors->updates)};
}

Result<wire::Envelope> reserve_ids(Shard& shard, schema::ReserveIds::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  storage::GraphWriteBatch batch(*shard.store);
  std::vector<EntityId> ids;
  for (auto key_reader : request.getKeys()) {
    auto key = schema::view(key_reader);
    if (auto r = owns_key(shard, key); !r) return r.error();
    auto id = batch.reserve_id(key);
    if (!id) return id.error();
    ids.push_back(*id);
  }
  if (auto committed = batch.commit(); !committed) return committed.error();
  return wire::build<schema::ReservedIds>([&](schema::ReservedIds::Builder out) {
    auto list = out.initIds(static_cast<unsigned>(ids.size()));
    for (unsigned i = 0; i < ids.size(); ++i)
      list.set(i, ids[i]);
  });
}

/// The node `id`, or with `key_only` just its id and key.
Result<std::optional<storage::Node>> node_of(const Shard& shard, EntityId id, bool key_only) {
  if (!key_only) return shard.store->get(id);
  auto key = shard.store->key_of(id);
  if (!key) return key.error();
  if (!*key) return std::optional<storage::Node>{};
  return std::optional<storage::Node>{storage::Node{id, std::move(**key), {}, {}}};
}

Result<wire::Envelope> lookup(Shard& shard, schema::NodeLookup::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  bool key_only = request.getKeysOnly();
  std::vector<std::optional<storage::Node>> found;
  for (auto key_reader : request.getKeys()) {
    auto key = schema::to_string(key_reader);
    if (auto r = owns_key(shard, key); !r) return r.error();
    auto id = shard.store->find(key);
    if (!id) return id.error();
    std::optional<storage::Node> node;
    if (*id && key_only) {
      node = storage::Node{**id, std::move(key), {}, {}};
    } else if (*id) {
      auto got = shard.store->get(**id);
      if (!got) return got.error();
      node = std::move(got).value();
    }
    found.push_back(std::move(node));
  }
  for (auto id : request.getIds()) {
    if (auto r = owns_id(shard, id); !r) return r.error();
    auto got = node_of(shard, id, key_only);
    if (!got) return got.error();
    found.push_back(std::move(got).value());
  }
  return wire::build<schema::NodeList>([&](schema::NodeList::Builder out) {
    auto nodes = out.initNodes(static_cast<unsigned>(found.size()));
    for (unsigned i = 0; i < found.size(); ++i)
      protocol::write_node(nodes[i], found[i]);
  });
}

void write_id_keys(capnp::List<schema::IdKey>::Builder out,
                   const std::vector<std::pair<EntityId, std::string>>& id_keys) {
  for (unsigned i = 0; i < id_keys.size(); ++i) {
    out[i].setId(id_keys[i].first);
    out[i].setKey(id_keys[i].second);
  }
}

Result<wire::Envelope> expand(Shard& shard, schema::ExpandRequest::Reader request) {
  if (auto r = wire::check_deadline(request.getHeader()); !r) return r.error();
  auto shard_count = request.getShardCount();
  if (shard_count == 0 || shard_count > storage::kSlotCount)
    return make_error(errc::invalid_argument, "shardCount must be in 1..4096");
  std::vector<std::string> types;
  for (auto type : request.getTypes())
    types.push_back(schema::to_string(type));
  auto direction = protocol::from_wire(request.getDirection());
  // The nodes to expand: start keys resolved here, then ids; with their keys
  // when the caller asked (a traversal learns the keys of a hop's nodes from
  // the next hop's expansion, instead of a lookup of its own).
  std::vector<std::pair<EntityId, std::string>> nodes;
  for (auto key_reader : request.getKeys()) {
    auto key = schema::to_string(key_reader);
    if (auto r = owns_key(shard, key); !r) return r.error();
    auto id = shard.store->find(key);
    if (!id) return id.error();
    if (*id) nodes.emplace_back(**id, std::move(key));
  }
  for (auto id : request.getIds()) {
    if (auto r = owns_id(shard, id); !r) return r.error();
    std::string key;
    if (request.getWithKeys()) {
      auto found = shard.store->key_of(id);
      if (!found) return found.error();
      if (!*found) continue;  // deleted meanwhile
      key = std::move(**found);
    }
    nodes.emplace_back(id, std::move(key));
  }
  struct Hit {
    EntityId from;
    storage::Neighbour neighbour;
  };
  std::map<uint32_t, std::vector<Hit>> groups;
  for (const auto& [id, key] : nodes) {
    auto neighbours = shard.store->neighbours(id, types, direction);
    if (!neighbours) return neighbours.error();
    for (auto& n : *neighbours)
      groups[storage::shard_of_slot(storage::slot_of_id(n.id), shard_count)].push_back(
          {id, std::move(n)});
  }
  // A traversal's last hop asks for the keys of the nodes it reaches: those
  // this shard owns are a local read here instead of a lookup round trip.
  std::vector<std::pair<EntityId, std::string>> reached_keys;
  if (request.getReachedKeys())
    for (const auto& [owner, hits] : groups)
      for (const auto& hit : hits) {
        if (!shard.slots.contains(storage::slot_of_id(hit.neighbour.id))) continue;
        auto found = shard.store->key_of(hit.neighbour.id);
        if (!found) return found.error();
        if (*found) reached_keys.emplace_back(hit.neighbour.id, std::move(**found));
      }
  return wire::build<schema::ExpandResponse>([&](schema::ExpandResponse::Builder out) {
    write_id_keys(out.initReached(static_cast<unsigned>(reached_keys.size())), reached_keys);
    if (request.getWithKeys())
      write_id_keys(out.initNodes(static_cast<unsigned>(nodes.size())), nodes);
    auto list = out.initGroups(static_cast<unsigned>(groups.size()));
    unsigned g = 0;
    for (auto& [owner, hits] : groups) {
      list[g].setShard(owner);
      auto reached = list[g].initReached(static_cast<unsigned>(hits.size()));
      for (unsigned i = 0; i < hits.size(); ++i) {
        reached[i].setFrom(hits[i].from);
        reached[i].setId(hits[i].neighbour.id);
        reached[i].setType(hits[i].neighbour.type);
        reached[i].setOutgoing(hits[i].neighbour.direction == storage::Direction::out);
      }
      ++g;
    }
  });
}

wire::Envelope stats(const Shard& shard) {
  auto counts = shard.store->counts();
  return wire::build<schema::ShardStats>([&](schema::ShardStats::Builder out) {
    out.setShard(shard.options.index);
    out.setNodes(counts.nodes);
    out.setOutEdges(counts.out_edges);
    out.setInEdges(counts.in_edges);
    auto spaces = shard.store->spaces();
    auto list = out.initSpaces(static_cast<unsigned>(spaces.size()));
    for (unsigned i = 0; i < spaces.size(); ++i)
      storage::write_space(list[i], spaces[i]);
  });
}

/// The unsettled outbox records, each decoded and copied into the reply.
Result<wire::Envelope> outbox(const Shard& shard) {
  auto records = shard.store->outbox();
  if (!records) return records.error();
  std::vector<wire::Envelope> owed;
  for (const auto& record : *records) {
    auto envelope = wire::Envelope::from_bytes(record.writes.data(), record.writes.size());
    if (!envelope) return envelope.error();
    owed.push_back(std::move(envelope).value());
  }
  Result<void> decoded;
  auto reply = wire::build<schema::ShardOutbox>([&](schema::ShardOutbox::Builder out) {
    auto list = out.initRecords(static_cast<unsigned>(owed.size()));
    for (unsigned i = 0; i < owed.size(); ++i) {
      list[i].setBatchId((*records)[i].batch);
      auto copied = wire::read<schema::OwedWrite>(
          owed[i], [&](schema::OwedWrite::Reader writes) { list[i].setOwed(writes); },
          shard.options.limits);
      if (!copied && decoded) decoded = copied.error();
    }
  });
  if (!decoded) return decoded.error();
  return reply;
}

Result<wire::Envelope> answer_lookup(Shard& s, const wire::Envelope& request) {
  return wire::read<schema::NodeLookup>(
      request, [&](schema::NodeLookup::Reader r) { return lookup(s, r); }, s.options.limits);
}

Result<wire::Envelope> answer_expand(Shard& s, const wire::Envelope& request) {
  return wire::read<schema::ExpandRequest>(
      request, [&](schema::ExpandRequest::Reader r) { return expand(s, r); }, s.options.limits);
}

/// Each item answered as if it came alone; an item's failure is its result.
Result<wire::Envelope> answer_batch(Shard& s, const wire::Envelope& request) {
  std::vector<Result<wire::Envelope>> results;
  auto read = wire::read<schema::ShardReadBatch>(
      request,
      [&](schema::ShardReadBatch::Reader batch) {
        for (auto item : batch.getItems()) {
          auto bytes = item.getRequest();
          auto one = wire::Envelope::from_bytes(bytes.begin(), bytes.size());
          if (!one)
            results.push_back(one.error());
          else if (item.getKind() == schema::ShardRead::EXPAND)
            results.push_back(answer_expand(s, *one));
          else
            results.push_back(answer_lookup(s, *one));
        }
      },
      s.options.limits);
  if (!read) return read.error();
  return wire::build<schema::ShardReadResults>([&](schema::ShardReadResults::Builder out) {
    auto items = out.initItems(static_cast<unsigned>(results.size()));
    for (unsigned i = 0; i < results.size(); ++i)
      if (results[i])
        items[i].setResponse(results[i]->words().asBytes());
      else
        wire::write_error(items[i].initError(), results[i].error());
  });
}

using Self = protocol::graph_shard_actor::stateful_pointer<ShardState>;

/// Answers a committed write once the vector shard applied its index
/// updates, so an acknowledged vector is searchable. The updates go out in
/// commit order (one sender, one receiver: CAF keeps their order). A vector
/// shard that is down or fails one still gets it right: it builds a space's
/// index from the store, which has the write, when it next uses the space.
caf::result<wire::Envelope> forward(Self self, Written written) {
  const auto& options = self->state.shard.options;
  auto vectors = options.shards && !written.vector_updates.empty()
                     ? options.shards->vector_actor(options.index)
                     : protocol::vector_shard_actor{};
  if (!vectors) return std::move(written.reply);
  auto promise = self->make_response_promise<wire::Envelope>();
  auto pending = std::make_shared<std::size_t>(written.vector_updates.size());
  auto reply = std::make_shared<wire::Envelope>(std::move(written.reply));
  for (auto& update : written.vector_updates) {
    auto applied = [promise, pending, reply]() mutable {
      if (--*pending == 0) promise.deliver(*reply);
    };
    self->request(vectors, std::chrono::seconds(60), apply_atom::value, std::move(update))
        .then([applied](const wire::Envelope&) mutable { applied(); },
              [applied, index = options.index](const caf::error& error) mutable {
                spdlog::warn(
                    "graph shard {}: the vector shard did not apply an update ({}); "
                    "it rebuilds the space from the store when next used",
                    index, caf::to_string(error));
                applied();
              });
  }
  return promise;
}

protocol::graph_shard_actor::behavior_type graph_shard(Self self, Shard shard) {
  self->state.shard = std::move(shard);
  auto& s = self->state.shard;
  return {
      [self, &s](write_atom, const wire::Envelope& request) -> caf::result<wire::Envelope> {
        auto written = wire::read<schema::ShardWrite>(
            request, [&](schema::ShardWrite::Reader r) { return write(s, r); }, s.options.limits);
        if (!written) return protocol::to_caf(written.error());
        return forward(self, std::move(written).value());
      },
      [&s](lookup_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(answer_lookup(s, request));
      },
      [&s](expand_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(answer_expand(s, request));
      },
      [&s](read_batch_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(answer_batch(s, request));
      },
      [&s](stats_atom) -> caf::result<wire::Envelope> { return stats(s); },
      [&s](text_stats_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(wire::read<schema::TextStatsRequest>(
            request, [&](auto r) { return text_stats(*s.store, r); }, s.options.limits));
      },
      [&s](text_search_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(wire::read<schema::TextSearchRequest>(
            request, [&](auto r) { return text_search(*s.store, r); }, s.options.limits));
      },
      [&s](outbox_atom) { return protocol::to_caf_result(outbox(s)); },
      [&s](scan_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(wire::read<schema::NodeScanRequest>(
            request, [&](auto r) { return scan_nodes(*s.store, r); }, s.options.limits));
      },
      [&s](edge_props_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(wire::read<schema::EdgePropertiesRequest>(
            request, [&](auto r) { return edge_properties(*s.store, r); }, s.options.limits));
      },
      [&s](vector_of_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(wire::read<schema::NodeVectorsRequest>(
            request, [&](auto r) { return node_vectors(*s.store, r); }, s.options.limits));
      },
      [&s](reserve_atom, const wire::Envelope& request) {
        return protocol::to_caf_result(wire::read<schema::ReserveIds>(
            request, [&](auto r) { return reserve_ids(s, r); }, s.options.limits));
      },
  };
}

}  // namespace

Result<protocol::graph_shard_actor> spawn_graph_shard(caf::actor_system& system,
                                                      GraphShardOptions options) {
  if (options.shard_count == 0 || options.index >= options.shard_count)
    return make_error(errc::invalid_argument, "graph shard index " + std::to_string(options.index) +
                                                  " outside 0.." +
                                                  std::to_string(options.shard_count));
  if (!options.store) return make_error(errc::invalid_argument, "a graph shard needs a store");
  auto store = options.store->acquire();
  if (!store) return store.error();
  std::shared_ptr<const storage::NodeText> text;
  if (!options.text.properties.empty()) {
    auto created = storage::NodeText::create(options.text);
    if (!created) return created.error();
    text = std::move(created).value();
  }
  Shard shard{options, storage::slots_of_shard(options.index, options.shard_count),
              std::move(store).value(), std::move(text)};
  if (options.detached) return system.spawn<caf::detached>(graph_shard, std::move(shard));
  return system.spawn(graph_shard, std::move(shard));
}

}  // namespace ds::actors
