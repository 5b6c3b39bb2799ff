#include "actors/query_engine/shard_source.hpp"

#include <algorithm>
#include <type_traits>
#include <unordered_map>

#include "actors/query_engine/shard_commit.hpp"
#include "actors/search/text_query.hpp"
#include "actors/search/vector_query.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/codec/direction_codec.hpp"
#include "protocol/codec/node_codec.hpp"
#include "protocol/codec/scan_codec.hpp"
#include "protocol/wire/build.hpp"
#include "protocol/wire/read.hpp"
#include "query/exec/write_set.hpp"
#include "schema/gateway.capnp.h"
#include "schema/graph.capnp.h"
#include "schema/lists.hpp"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::actors {
namespace {

using query::QueryResult;

}  // namespace

ShardSource::ShardSource(EngineSelf self, QueryScope scope)
    : self_(self),
      calls_(ShardCalls::from(self, self->state.options.shards, self->state.options.shard_timeout)),
      scope_(scope) {}

template <class Done>
void ShardSource::ask(ShardOp op, std::map<uint32_t, wire::Envelope> requests, Done done) {
  std::vector<uint32_t> targets;
  std::vector<wire::Envelope> messages;
  for (auto& [shard, request] : requests) {
    targets.push_back(shard);
    messages.push_back(std::move(request));
  }
  calls_.scatter(op, targets, std::move(messages),
                 [done = std::move(done)](Result<Replies> replies) mutable {
                   if (!replies)
                     return done(QueryResult<Replies>{query::service_failure(replies.error())});
                   done(QueryResult<Replies>{std::move(replies).value()});
                 });
}

void ShardSource::scan_nodes(query::NodeScanRequest request,
                             Reply<std::vector<storage::Node>> reply) {
  Result<void> written;
  auto envelope = wire::build<schema::NodeScanRequest>([&](schema::NodeScanRequest::Builder out) {
    scope_.stamp(out.initHeader());
    written = protocol::write_scan(out, request);
  });
  if (!written)
    return reply(query::QueryError{query::QueryErrc::type_error, written.error().message});
  std::map<uint32_t, wire::Envelope> requests;
  for (uint32_t shard = 0; shard < calls_.map().size(); ++shard)
    requests.emplace(shard, envelope);
  ask(ShardOp::scan, std::move(requests), [reply](QueryResult<Replies> replies) {
    if (!replies) return reply(std::move(replies).error());
    std::vector<storage::Node> nodes;
    for (const auto& envelope : *replies) {
      auto read = wire::read<schema::NodeList>(envelope, [&](schema::NodeList::Reader list) {
        for (auto node : list.getNodes())
          if (auto decoded = protocol::read_node(node)) nodes.push_back(std::move(*decoded));
      });
      if (!read) return reply(query::service_failure(read.error()));
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const storage::Node& a, const storage::Node& b) { return a.id < b.id; });
    reply(std::move(nodes));
  });
}

/// The nodes named by ids (EntityId) or keys (std::string): one NodeLookup
/// per owning shard, the answers put back in the order asked.
template <class Name>
void ShardSource::look_up(std::vector<Name> names,
                          Reply<std::vector<std::optional<storage::Node>>> reply) {
  constexpr bool by_id = std::is_same_v<Name, storage::EntityId>;
  std::map<uint32_t, std::vector<Name>> by_shard;
  for (const auto& name : names) {
    if constexpr (by_id)
      by_shard[calls_.map().shard_of_id(name)].push_back(name);
    else
      by_shard[calls_.map().shard_of_key(name)].push_back(name);
  }
  std::map<uint32_t, wire::Envelope> requests;
  for (const auto& [shard, group] : by_shard)
    requests.emplace(shard, wire::build<schema::NodeLookup>([&](schema::NodeLookup::Builder out) {
                       scope_.stamp(out.initHeader());
                       auto size = static_cast<unsigned>(group.size());
                       auto list = [&] {
                         if constexpr (by_id)
                           return out.initIds(size);
                         else
                           return out.initKeys(size);
                       }();
                       for (unsigned i = 0; i < size; ++i)
                         list.set(i, group[i]);
                     }));
  ask(ShardOp::lookup, std::move(requests), [reply, names](QueryResult<Replies> replies) {
    if (!replies) return reply(std::move(replies).error());
    std::unordered_map<Name, storage::Node> found;
    for (const auto& envelope : *replies) {
      auto read = wire::read<schema::NodeList>(envelope, [&](schema::NodeList::Reader list) {
        for (auto node : list.getNodes())
          if (auto decoded = protocol::read_node(node)) {
            if constexpr (by_id)
              found.emplace(decoded->id, std::move(*decoded));
            else
              found.emplace(decoded->key, std::move(*decoded));
          }
      });
      if (!read) return reply(query::service_failure(read.error()));
    }
    std::vector<std::optional<storage::Node>> out;
    out.reserve(names.size());
    for (const auto& name : names) {
      auto node = found.find(name);
      out.push_back(node == found.end() ? std::nullopt : std::optional{node->second});
    }
    reply(std::move(out));
  });
}

void ShardSource::get_nodes(std::vector<storage::EntityId> ids,
                            Reply<std::vector<std::optional<storage::Node>>> reply) {
  look_up(std::move(ids), std::move(reply));
}

void ShardSource::get_nodes_by_key(std::vector<std::string> keys,
                                   Reply<std::vector<std::optional<storage::Node>>> reply) {
  look_up(std::move(keys), std::move(reply));
}

void ShardSource::expand(std::vector<storage::EntityId> frontier, std::vector<std::string> types,
                         storage::Direction direction,
                         Reply<std::vector<query::ReachedEdge>> reply) {
  std::map<uint32_t, std::vector<storage::EntityId>> by_shard;
  for (auto id : frontier)
    by_shard[calls_.map().shard_of_id(id)].push_back(id);
  std::map<uint32_t, wire::Envelope> requests;
  for (const auto& [shard, group] : by_shard)
    requests.emplace(shard,
                     wire::build<schema::ExpandRequest>([&](schema::ExpandRequest::Builder out) {
                       scope_.stamp(out.initHeader());
                       auto list = out.initIds(static_cast<unsigned>(group.size()));
                       for (unsigned i = 0; i < group.size(); ++i)
                         list.set(i, group[i]);
                       auto names = out.initTypes(static_cast<unsigned>(types.size()));
                       for (unsigned i = 0; i < types.size(); ++i)
                         names.set(i, types[i]);
                       out.setDirection(protocol::to_wire(direction));
                       out.setShardCount(calls_.map().size());
                     }));
  ask(ShardOp::expand, std::move(requests), [reply](QueryResult<Replies> replies) {
    if (!replies) return reply(std::move(replies).error());
    std::vector<query::ReachedEdge> edges;
    for (const auto& envelope : *replies) {
      auto read =
          wire::read<schema::ExpandResponse>(envelope, [&](schema::ExpandResponse::Reader r) {
            for (auto group : r.getGroups())
              for (auto hit : group.getReached())
                edges.push_back(query::ReachedEdge{hit.getFrom(), hit.getId(),
                                                   schema::to_string(hit.getType()),
                                                   hit.getOutgoing()});
          });
      if (!read) return reply(query::service_failure(read.error()));
    }
    reply(std::move(edges));
  });
}

void ShardSource::edge_properties(std::vector<storage::EdgeRef> edges,
                                  Reply<std::vector<std::optional<Properties>>> reply) {
  std::map<uint32_t, std::vector<std::size_t>> by_shard;  // positions in `edges`
  for (std::size_t i = 0; i < edges.size(); ++i)
    by_shard[calls_.map().shard_of_id(edges[i].src)].push_back(i);
  std::map<uint32_t, wire::Envelope> requests;
  for (const auto& [shard, positions] : by_shard)
    requests.emplace(
        shard,
        wire::build<schema::EdgePropertiesRequest>([&](schema::EdgePropertiesRequest::Builder out) {
          scope_.stamp(out.initHeader());
          auto list = out.initEdges(static_cast<unsigned>(positions.size()));
          for (unsigned i = 0; i < positions.size(); ++i) {
            const auto& edge = edges[positions[i]];
            list[i].setSrc(edge.src);
            list[i].setType(edge.type);
            list[i].setDst(edge.dst);
          }
        }));
  std::vector<std::vector<std::size_t>> order;
  for (auto& [shard, positions] : by_shard)
    order.push_back(std::move(positions));
  ask(ShardOp::edge_props, std::move(requests),
      [reply, order, count = edges.size()](QueryResult<Replies> replies) {
        if (!replies) return reply(std::move(replies).error());
        std::vector<std::optional<Properties>> out(count);
        for (std::size_t s = 0; s < replies->size(); ++s) {
          auto read = wire::read<schema::EdgePropertiesResponse>(
              (*replies)[s], [&](schema::EdgePropertiesResponse::Reader r) {
                auto list = r.getEdges();
                for (unsigned i = 0; i < list.size() && i < order[s].size(); ++i)
                  if (list[i].getFound())
                    out[order[s][i]] = schema::read_properties(list[i].getProperties());
              });
          if (!read) return reply(query::service_failure(read.error()));
        }
        reply(std::move(out));
      });
}

using KeyScores = std::vector<std::pair<std::string, double>>;

void ShardSource::node_vector(std::string space, storage::EntityId id,
                              Reply<std::optional<std::vector<float>>> reply) {
  std::map<uint32_t, wire::Envelope> requests;
  requests.emplace(calls_.map().shard_of_id(id), wire::build<schema::NodeVectorsRequest>(
                                                     [&](schema::NodeVectorsRequest::Builder out) {
                                                       scope_.stamp(out.initHeader());
                                                       out.setSpace(space);
                                                       out.initIds(1).set(0, id);
                                                     }));
  ask(ShardOp::vector_of, std::move(requests), [reply](QueryResult<Replies> replies) {
    if (!replies) return reply(std::move(replies).error());
    std::optional<std::vector<float>> row;
    auto read = wire::read<schema::NodeVectorsResponse>(
        replies->front(), [&](schema::NodeVectorsResponse::Reader response) {
          auto vectors = response.getVectors();
          if (vectors.size() == 1 && vectors[0].getFound())
            row = schema::to_vector<float>(vectors[0].getRow());
        });
    if (!read) return reply(query::service_failure(read.error()));
    reply(std::move(row));
  });
}

template <class ReadHits>
void ShardSource::search(SearchRun run, wire::Envelope request, ReadHits read_hits,
                         Reply<std::vector<query::ScoredNode>> reply) {
  const auto& options = self_->state.options;
  SearchContext context{calls_, options.limits, options.max_k, options.tokenizer, options.bm25};
  auto self = self_;
  auto scope = scope_;
  run(context, request, [self, scope, read_hits, reply](Result<wire::Envelope> answer) {
    if (!answer) return reply(query::service_failure(answer.error()));
    auto hits = read_hits(*answer);
    if (!hits) return reply(query::service_failure(hits.error()));
    // The hits' nodes, by key from their shards, kept in hit order.
    std::vector<std::string> keys;
    for (const auto& [key, score] : *hits)
      keys.push_back(key);
    ShardSource lookup(self, scope);  // its requests copy what they need
    lookup.get_nodes_by_key(
        std::move(keys),
        [reply, hits = *hits](QueryResult<std::vector<std::optional<storage::Node>>> nodes) {
          if (!nodes) return reply(std::move(nodes).error());
          std::vector<query::ScoredNode> out;
          for (std::size_t i = 0; i < hits.size(); ++i)
            if ((*nodes)[i])  // deleted meanwhile: skipped
              out.push_back({std::move(*(*nodes)[i]), hits[i].second});
          reply(std::move(out));
        });
  });
}

void ShardSource::search_vectors(query::VectorSearchRequest request,
                                 Reply<std::vector<query::ScoredNode>> reply) {
  auto envelope = wire::build<schema::VectorQuery>([&](schema::VectorQuery::Builder out) {
    scope_.stamp(out.initHeader());
    out.setSpace(request.space);
    out.setK(request.k);
    if (request.text) {
      out.setText(*request.text);
      out.setHasText(true);
    } else {
      auto numbers = out.initQueries(static_cast<unsigned>(request.vector.size()));
      for (unsigned i = 0; i < request.vector.size(); ++i)
        numbers.set(i, request.vector[i]);
    }
  });
  search(
      run_vector_query, std::move(envelope),
      [](const wire::Envelope& answer) {
        return wire::read<schema::VectorQueryResponse>(
            answer, [](schema::VectorQueryResponse::Reader r) {
              KeyScores hits;
              auto results = r.getResults();
              if (results.size() > 0)
                for (auto hit : results[0].getHits())
                  hits.emplace_back(schema::to_string(hit.getKey()), hit.getScore());
              return hits;
            });
      },
      std::move(reply));
}

void ShardSource::search_text(std::string text, uint32_t limit,
                              Reply<std::vector<query::ScoredNode>> reply) {
  auto envelope = wire::build<schema::TextQuery>([&](schema::TextQuery::Builder out) {
    scope_.stamp(out.initHeader());
    out.setQuery(text);
    out.setK(limit);
  });
  search(
      run_text_query, std::move(envelope),
      [](const wire::Envelope& answer) {
        return wire::read<schema::TextQueryResponse>(
            answer, [](schema::TextQueryResponse::Reader r) {
              KeyScores hits;
              for (auto hit : r.getHits())
                hits.emplace_back(schema::to_string(hit.getKey()), hit.getScore());
              return hits;
            });
      },
      std::move(reply));
}

void ShardSource::reserve_ids(std::vector<std::string> keys,
                              Reply<std::vector<storage::EntityId>> reply) {
  // One request per shard, the keys it owns in order; the answers go back
  // to the keys' positions.
  std::map<uint32_t, std::vector<std::size_t>> positions;
  for (std::size_t i = 0; i < keys.size(); ++i)
    positions[calls_.map().shard_of_key(keys[i])].push_back(i);
  std::map<uint32_t, wire::Envelope> requests;
  for (const auto& [shard, at] : positions)
    requests.emplace(shard, wire::build<schema::ReserveIds>([&](schema::ReserveIds::Builder out) {
                       scope_.stamp(out.initHeader());
                       auto list = out.initKeys(static_cast<unsigned>(at.size()));
                       for (unsigned k = 0; k < at.size(); ++k)
                         list.set(k, keys[at[k]]);
                     }));
  ask(ShardOp::reserve, std::move(requests),
      [reply, positions, count = keys.size()](QueryResult<Replies> replies) {
        if (!replies) return reply(std::move(replies).error());
        std::vector<storage::EntityId> ids(count);
        auto at = positions.begin();
        for (const auto& envelope : *replies) {
          auto read = wire::read<schema::ReservedIds>(envelope, [&](schema::ReservedIds::Reader r) {
            auto got = r.getIds();
            for (unsigned k = 0; k < got.size() && k < at->second.size(); ++k)
              ids[at->second[k]] = got[k];
          });
          if (!read) return reply(query::service_failure(read.error()));
          ++at;
        }
        reply(std::move(ids));
      });
}

void ShardSource::commit(const query::WriteSet& writes, Reply<query::CommitResult> reply) {
  // A commit, once begun, is not cut by the query's deadline: shards that
  // refused their part past it would leave the others' alone until the next
  // start's repair.
  auto scope = scope_;
  scope.deadline_unix_micros = 0;
  commit_to_shards(calls_, scope, writes, std::move(reply));
}

}  // namespace ds::actors
