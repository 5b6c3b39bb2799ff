// A query's write set over the graph shards, in up to three steps, each one
// write per shard that has a part in it (one RocksDB batch there: atomic per
// shard):
// 1. nodes: the created ones (upserts by key, with the ids reserved for
//    them) and the patches of changed ones;
// 2. edges and deletes: each edge's `out` entry at its source's shard and
//    `in` entry at its target's, put or deleted, the ones that span shards
//    recorded in the outbox as an import does; and the deleted nodes, whose
//    shards answer the other entries of their edges (recorded there too);
// 3. those other entries, deleted at the shards that hold them, and the
//    other sides of entries a shard skipped because their node was deleted
//    meanwhile (by another query: an edge to a deleted node goes entirely);
//    before it, the endpoints of the cross-shard edges put in step 2 are
//    read, and an edge whose endpoint another query deleted meanwhile goes
//    too (check_endpoints);
// then the outbox records are settled. A crash between the shards of a step
// is repaired at the next start from the outboxes (graph_repair).
// docs/query-engine.md, "Writes".

#include "actors/query_engine/shard_commit.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "actors/graph_shard/dangling_edges.hpp"
#include "actors/graph_shard/query_writes.hpp"
#include "actors/graph_shard/scatter.hpp"
#include "protocol/codec/node_codec.hpp"
#include "protocol/wire/build.hpp"
#include "query/exec/write_set.hpp"
#include "schema/graph.capnp.h"
#include "schema/value_codec.hpp"

namespace ds::actors {
namespace {

using query::CommitResult;
using query::QueryError;
using query::WriteSet;
using storage::EntityId;

/// A random, non-zero batch id (from the system's source: no thread_local
/// engine, whose static TLS every thread's stack would pay for).
uint64_t fresh_batch_id() {
  std::random_device random;
  uint64_t id = 0;
  while (id == 0)
    id = (uint64_t{random()} << 32) | random();
  return id;
}

/// What one shard does in step 2.
struct EdgePart {
  std::vector<EdgeEntryData> put_out, put_in, delete_out, delete_in;
  std::vector<EntityId> delete_nodes;
  Owed owed;
};

struct CommitJob {
  ShardCommit where;
  const WriteSet* writes = nullptr;
  query::GraphSource::Reply<CommitResult> reply;
  uint64_t batch_id = fresh_batch_id();
  CommitResult result;
  std::set<uint32_t> recorders;  // shards with outbox records for batch_id
  std::string step;

  void fail(const Error& error) {
    auto failure = query::service_failure(error);
    failure.message = "the write failed in its " + step +
                      " step; the shards that had committed their part keep it: " + failure.message;
    reply(std::move(failure));
  }

  EntityId real(EntityId id) const {
    auto found = result.ids.find(id);
    return found == result.ids.end() ? id : found->second;
  }
};

using Job = std::shared_ptr<CommitJob>;

/// Sends one ShardWrite per shard of `parts` (built by `fill`), then `next`
/// with the replies in shard order.
template <class Part, class Fill, class Next>
void send(const Job& job, const std::map<uint32_t, Part>& parts, Fill fill, Next next) {
  if (parts.empty()) return next(Replies{});
  std::vector<uint32_t> targets;
  std::vector<wire::Envelope> messages;
  for (const auto& [shard, part] : parts) {
    targets.push_back(shard);
    messages.push_back(wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder out) {
      job->where.scope.stamp(out.initHeader());
      fill(out, shard, part);
    }));
  }
  auto self = job->where.self;
  auto timeout = job->where.timeout;
  scatter(
      *job->where.shards, targets,
      [self, timeout, messages](const protocol::graph_shard_actor& actor, std::size_t i) {
        return self->request(actor, timeout, write_atom::value, messages[i]);
      },
      [job, next = std::move(next)](Result<Replies> replies) mutable {
        if (!replies) return job->fail(replies.error());
        next(std::move(*replies));
      });
}

void settle(const Job& job) {
  auto message = wire::build<schema::ShardWrite>(
      [&](schema::ShardWrite::Builder write) { write.initSettle(1).set(0, job->batch_id); });
  for (auto shard : job->recorders)
    if (auto actor = job->where.shards->actor(shard))
      job->where.self->request(actor, job->where.timeout, write_atom::value, message)
          .then([](const wire::Envelope&) {}, [](const caf::error&) {});
}

// ---- step 3 -----------------------------------------------------------------

void delete_mirrors(const Job& job, Owed mirrors) {
  job->step = "third (the other entries of deleted nodes' edges)";
  send(
      job, mirrors,
      [](schema::ShardWrite::Builder out, uint32_t, const OwedEdges& edges) {
        fill_entry_deletes(out, edges);
      },
      [job](Replies) {
        settle(job);
        job->reply(std::move(job->result));
      });
}

// ---- between steps 2 and 3 -------------------------------------------------

/// The cross-shard edges step 2 put. Another query may have deleted an
/// endpoint meanwhile, and its delete of this edge's entry at the other
/// shard may have run before our put got there: an entry with no other
/// side. Once both entries are in, the endpoints are read; an edge with one
/// gone goes entirely in step 3 (a delete after this read sees our entries,
/// so its own owed deletes remove them).
std::vector<storage::EdgeRef> cross_shard_puts(const Job& job) {
  const auto& writes = *job->writes;
  const auto& map = *job->where.shards;
  std::vector<storage::EdgeRef> out;
  for (const auto& [edge, change] : writes.edges()) {
    if (!change.after || writes.deleted(edge.src) || writes.deleted(edge.dst)) continue;
    storage::EdgeRef stored{job->real(edge.src), edge.type, job->real(edge.dst)};
    if (map.shard_of_id(stored.src) != map.shard_of_id(stored.dst)) out.push_back(stored);
  }
  return out;
}

void check_endpoints(const Job& job, Owed mirrors) {
  auto edges = cross_shard_puts(job);
  if (edges.empty()) return delete_mirrors(job, std::move(mirrors));
  auto lookups = std::make_shared<EndpointLookups>(endpoint_lookups(
      edges, *job->where.shards,
      [&](schema::RequestHeader::Builder header) { job->where.scope.stamp(header); }));
  auto self = job->where.self;
  auto timeout = job->where.timeout;
  scatter(
      *job->where.shards, lookups->shards,
      [self, timeout, lookups](const protocol::graph_shard_actor& actor, std::size_t i) {
        return self->request(actor, timeout, lookup_atom::value, lookups->messages[i]);
      },
      [job, edges = std::move(edges), lookups,
       mirrors = std::move(mirrors)](Result<Replies> replies) mutable {
        if (!replies) return job->fail(replies.error());
        auto added = add_dangling_deletes(mirrors, edges, *lookups, *replies, *job->where.shards);
        if (!added) return job->fail(added.error());
        delete_mirrors(job, std::move(mirrors));
      });
}

// ---- step 2 -----------------------------------------------------------------

/// The entries of `edge` put or deleted at its endpoints' shards, and what
/// each owes the other when they differ.
void add_edge(std::map<uint32_t, EdgePart>& parts, const ShardMap& map,
              const storage::EdgeRef& edge, const std::optional<Properties>& after) {
  auto a = map.shard_of_id(edge.src);
  auto b = map.shard_of_id(edge.dst);
  EdgeEntryData out{edge.src, edge.type, edge.dst, after.value_or(Properties{})};
  EdgeEntryData in{edge.dst, edge.type, edge.src, {}};
  bool put = after.has_value();
  (put ? parts[a].put_out : parts[a].delete_out).push_back(out);
  (put ? parts[b].put_in : parts[b].delete_in).push_back(in);
  if (a == b) return;
  auto& a_owes = parts[b].owed[a];  // recorded at b: what a owes
  auto& b_owes = parts[a].owed[b];
  (put ? a_owes.out : a_owes.delete_out).push_back(out);
  (put ? b_owes.in : b_owes.delete_in).push_back(in);
}

std::map<uint32_t, EdgePart> edge_parts(const Job& job) {
  const auto& writes = *job->writes;
  const auto& map = *job->where.shards;
  std::map<uint32_t, EdgePart> parts;
  for (const auto& [edge, change] : writes.edges()) {
    if (change.created && !change.after) continue;  // made and deleted by the query
    if (change.after && (writes.deleted(edge.src) || writes.deleted(edge.dst))) continue;
    storage::EdgeRef stored{job->real(edge.src), edge.type, job->real(edge.dst)};
    add_edge(parts, map, stored, change.after);
  }
  for (const auto& [id, change] : writes.nodes())
    if (!change.after && !change.created) parts[map.shard_of_id(id)].delete_nodes.push_back(id);
  return parts;
}

/// A relationship between two nodes deleted on different shards is found
/// by both: each counts it and owes the other the delete of its entry. The
/// edges that appear twice among the owed deletes are counted once.
uint64_t counted_twice(const WriteSet& writes, const Owed& owed) {
  std::map<storage::EdgeRef, int> seen;
  auto note = [&](EntityId src, const std::string& type, EntityId dst) {
    if (writes.deleted(src) && writes.deleted(dst)) ++seen[storage::EdgeRef{src, type, dst}];
  };
  for (const auto& [shard, edges] : owed) {
    for (const auto& e : edges.delete_out)
      note(e.first, e.type, e.second);
    for (const auto& e : edges.delete_in)
      note(e.second, e.type, e.first);
  }
  return static_cast<uint64_t>(
      std::count_if(seen.begin(), seen.end(), [](const auto& s) { return s.second > 1; }));
}

void write_edges(const Job& job) {
  job->step = "second (edges and deletes)";
  auto parts = edge_parts(job);
  for (const auto& [shard, part] : parts)
    if (!part.owed.empty()) job->recorders.insert(shard);
  auto shards = std::vector<uint32_t>();
  for (const auto& [shard, part] : parts)
    shards.push_back(shard);
  send(
      job, parts,
      [job](schema::ShardWrite::Builder out, uint32_t, const EdgePart& part) {
        auto size = [](const auto& v) { return static_cast<unsigned>(v.size()); };
        out.setBatchId(job->batch_id);
        out.setSkipMissing(true);
        fill_entries(out.initOutEdges(size(part.put_out)), part.put_out);
        fill_entries(out.initInEdges(size(part.put_in)), part.put_in);
        fill_entries(out.initDeleteOutEdges(size(part.delete_out)), part.delete_out);
        fill_entries(out.initDeleteInEdges(size(part.delete_in)), part.delete_in);
        auto deletes = out.initDeleteNodes(size(part.delete_nodes));
        for (unsigned i = 0; i < part.delete_nodes.size(); ++i)
          deletes.set(i, part.delete_nodes[i]);
        auto owed = out.initOwed(size(part.owed));
        unsigned k = 0;
        for (const auto& [debtor, edges] : part.owed)
          fill_owed(owed[k++], debtor, edges);
      },
      [job, shards](Replies replies) {
        Owed mirrors;
        for (std::size_t i = 0; i < replies.size(); ++i) {
          auto read = wire::read<schema::ShardWriteResult>(
              replies[i], [&](schema::ShardWriteResult::Reader result) {
                job->result.relationships_detached += result.getDetachedEdges();
                if (result.getOwed().size() > 0) job->recorders.insert(shards[i]);
                add_owed(mirrors, result.getOwed());
                add_other_sides(mirrors, result, *job->where.shards);
              });
          if (!read) return job->fail(read.error());
        }
        job->result.relationships_detached -= counted_twice(*job->writes, mirrors);
        check_endpoints(job, std::move(mirrors));
      });
}

// ---- step 1 -----------------------------------------------------------------

/// What one shard does in step 1.
struct NodePart {
  std::vector<const query::NodeChange*> created;  // by provisional id, in order
  std::vector<const query::NodeChange*> patched;
};

void fill_patch(schema::NodePatch::Builder out, const query::NodeChange& change) {
  const auto& after = *change.after;
  out.setId(after.id);
  out.setClearProperties(change.replaced);
  Properties set;
  std::vector<std::string> removed;
  if (change.replaced) set = after.properties;
  for (const auto& key : change.keys) {
    auto found = after.properties.find(key);
    if (found != after.properties.end())
      set[key] = found->second;
    else if (!change.replaced)
      removed.push_back(key);
  }
  schema::write_properties(out.initSetProperties(static_cast<unsigned>(set.size())), set);
  auto remove = out.initRemoveProperties(static_cast<unsigned>(removed.size()));
  for (unsigned i = 0; i < removed.size(); ++i)
    remove.set(i, removed[i]);
  std::vector<std::string> added, dropped;
  for (const auto& label : change.labels)
    (std::binary_search(after.labels.begin(), after.labels.end(), label) ? added : dropped)
        .push_back(label);
  auto add = out.initAddLabels(static_cast<unsigned>(added.size()));
  for (unsigned i = 0; i < added.size(); ++i)
    add.set(i, added[i]);
  auto drop = out.initRemoveLabels(static_cast<unsigned>(dropped.size()));
  for (unsigned i = 0; i < dropped.size(); ++i)
    drop.set(i, dropped[i]);
}

void write_nodes(const Job& job) {
  job->step = "first (nodes)";
  std::map<uint32_t, NodePart> parts;
  const auto& map = *job->where.shards;
  for (const auto& [id, change] : job->writes->nodes()) {
    if (!change.after) continue;
    if (change.created)
      parts[map.shard_of_key(change.after->key)].created.push_back(&change);
    else
      parts[map.shard_of_id(id)].patched.push_back(&change);
  }
  std::vector<std::vector<EntityId>> created;  // per shard, in shard order: provisional ids
  for (const auto& [shard, part] : parts) {
    auto& ids = created.emplace_back();
    for (const auto* change : part.created)
      ids.push_back(change->after->id);
  }
  send(
      job, parts,
      [](schema::ShardWrite::Builder out, uint32_t, const NodePart& part) {
        auto nodes = out.initNodes(static_cast<unsigned>(part.created.size()));
        for (unsigned i = 0; i < part.created.size(); ++i) {
          const auto& change = *part.created[i];
          protocol::write_node_upsert(nodes[i], change.after->key, change.after->labels,
                                      change.after->properties);
          nodes[i].setId(change.after->id);
          nodes[i].setMustBeNew(change.must_be_new);
        }
        auto patches = out.initPatches(static_cast<unsigned>(part.patched.size()));
        for (unsigned i = 0; i < part.patched.size(); ++i)
          fill_patch(patches[i], *part.patched[i]);
      },
      [job, created = std::move(created)](Replies replies) {
        for (std::size_t s = 0; s < replies.size(); ++s) {
          auto read = wire::read<schema::ShardWriteResult>(
              replies[s], [&](schema::ShardWriteResult::Reader result) -> Result<void> {
                auto ids = result.getNodeIds();
                if (ids.size() != created[s].size())
                  return make_error(errc::internal, "a shard answered the wrong number of ids");
                for (unsigned i = 0; i < ids.size(); ++i)
                  if (ids[i] != created[s][i]) job->result.ids[created[s][i]] = ids[i];
                return {};
              });
          if (!read) return job->fail(read.error());
        }
        write_edges(job);
      });
}

}  // namespace

void commit_to_shards(ShardCommit where, const WriteSet& writes,
                      query::GraphSource::Reply<CommitResult> reply) {
  auto job = std::make_shared<CommitJob>();
  job->where = std::move(where);
  job->writes = &writes;
  job->reply = std::move(reply);
  write_nodes(job);
}

}  // namespace ds::actors
