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
// then the outbox records are settled: a cross-shard transaction
// (actors/transaction/shard_transaction.hpp). A crash between the shards of a
// step is repaired at the next start from the outboxes (outbox_repair.hpp).
// docs/query-engine.md, "Writes".

#include "actors/query_engine/shard_commit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "actors/transaction/edge_writes.hpp"
#include "actors/transaction/shard_transaction.hpp"
#include "protocol/codec/node_codec.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "query/exec/write_set.hpp"
#include "schema/graph.capnp.h"
#include "schema/value_codec.hpp"

namespace ds::actors {
namespace {

using query::CommitResult;
using query::QueryError;
using query::WriteSet;
using storage::EntityId;

struct CommitJob {
  const WriteSet* writes = nullptr;
  query::GraphSource::Reply<CommitResult> reply;
  std::shared_ptr<ShardTransaction> transaction;
  ShardTransaction::Fail fail;  ///< answers the query's failure, naming the step
  CommitResult result;

  EntityId real(EntityId id) const {
    auto found = result.ids.find(id);
    return found == result.ids.end() ? id : found->second;
  }
};

using Job = std::shared_ptr<CommitJob>;

/// A relationship between two nodes deleted on different shards is found
/// by both: each counts it and owes the other the delete of its entry. The
/// edges that appear twice among the owed deletes are counted once.
uint64_t counted_twice(const WriteSet& writes, const protocol::Owed& owed) {
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

// ---- step 2 and 3 -----------------------------------------------------------

/// Step 2's entries, puts and deletes, as stored (created nodes under the
/// ids their shards gave them), and the deleted nodes.
EdgeWrites edge_writes(const Job& job) {
  const auto& writes = *job->writes;
  EdgeWrites edges(job->transaction->map());
  for (const auto& [edge, change] : writes.edges()) {
    if (change.created && !change.after) continue;  // made and deleted by the query
    if (change.after && (writes.deleted(edge.src) || writes.deleted(edge.dst))) continue;
    auto src = job->real(edge.src), dst = job->real(edge.dst);
    if (change.after)
      edges.put(src, edge.type, dst, *change.after);
    else
      edges.erase(src, edge.type, dst);
  }
  for (const auto& [id, change] : writes.nodes())
    if (!change.after && !change.created) edges.delete_node(id);
  return edges;
}

/// Step 2, edges and deletes; step 3 (the transaction's last): the other
/// entries of the deleted nodes' edges and of entries skipped, and edges put
/// across shards whose endpoint another query deleted meanwhile.
void write_edges(const Job& job) {
  auto edges = edge_writes(job);
  auto puts = edges.cross_shard_puts();
  job->transaction->write_edges(
      "second (edges and deletes)", edges.take_parts(), true,
      [job, puts = std::move(puts)](ShardTransaction::EdgesWritten written) mutable {
        job->result.relationships_detached +=
            written.detached - counted_twice(*job->writes, written.follow_up);
        job->transaction->finish("third (the other entries of deleted nodes' edges)",
                                 std::move(written.follow_up), std::move(puts),
                                 [job] { job->reply(std::move(job->result)); });
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
  std::map<uint32_t, NodePart> parts;
  const auto& map = job->transaction->map();
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
  job->transaction->step(
      "first (nodes)", parts,
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
          if (!read) return job->fail("first (nodes)", read.error());
        }
        write_edges(job);
      });
}

}  // namespace

void commit_to_shards(const ShardCalls& calls, QueryScope scope, const WriteSet& writes,
                      query::GraphSource::Reply<CommitResult> reply) {
  auto job = std::make_shared<CommitJob>();
  job->writes = &writes;
  job->reply = std::move(reply);
  job->fail = [reply = job->reply](const std::string& step, const Error& error) {
    auto failure = query::service_failure(error);
    failure.message = "the write failed in its " + step +
                      " step; the shards that had committed their part keep it: " + failure.message;
    reply(std::move(failure));
  };
  job->transaction = ShardTransaction::begin(
      calls, [scope](schema::RequestHeader::Builder header) { scope.stamp(header); }, job->fail);
  write_nodes(job);
}

}  // namespace ds::actors
