#define BOOST_TEST_MODULE actors_graph_shard
#include "actors/graph_shard/graph_shard.hpp"

#include <filesystem>

#include <boost/test/unit_test.hpp>
#include <caf/exit_reason.hpp>

#include "common/testing/temp_dir.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/testing/malformed_messages.hpp"
#include "protocol/wire/build.hpp"
#include "runtime/testing/deterministic_system.hpp"
#include "schema/graph.capnp.h"
#include "schema/text.hpp"
#include "schema/value_codec.hpp"
#include "storage/graph/slot_ranges.hpp"

using namespace ds;
using namespace ds::actors;
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kShards = 2;

/// A key that hashes to a slot of `shard`.
std::string key_on(uint32_t shard, int n) {
  for (int i = 0;; ++i) {
    auto key = "k" + std::to_string(n) + "-" + std::to_string(i);
    if (storage::shard_of_slot(storage::slot_of_key(key), kShards) == shard) return key;
  }
}

struct Fixture : testing::DeterministicSystem {
  testing::TempDir root{"ds-shard"};
  protocol::graph_shard_actor shards[kShards];

  Fixture() {
    for (uint32_t i = 0; i < kShards; ++i)
      start(i);
  }
  ~Fixture() {
    for (auto& shard : shards)
      self->send_exit(shard, caf::exit_reason::user_shutdown);
    sched.run();  // the shards close their stores before the directory goes
  }

  void start(uint32_t i) {
    GraphShardOptions options;
    options.index = i;
    options.shard_count = kShards;
    options.store =
        std::make_shared<storage::SharedGraphStore>(root / ("shard-" + std::to_string(i)));
    options.detached = false;
    auto shard = spawn_graph_shard(system(), options);
    BOOST_REQUIRE_MESSAGE(shard.ok(), (shard.ok() ? "" : shard.error().message));
    shards[i] = *shard;
  }

  template <class Atom>
  wire::Envelope ok(uint32_t shard, Atom atom, const wire::Envelope& request) {
    auto reply = ask<wire::Envelope>(shards[shard], atom, request);
    BOOST_REQUIRE_MESSAGE(
        std::holds_alternative<wire::Envelope>(reply),
        (reply.index() == 1 ? protocol::from_caf(std::get<1>(reply)).message : ""));
    return std::get<wire::Envelope>(reply);
  }

  template <class Atom>
  Error fails(uint32_t shard, Atom atom, const wire::Envelope& request) {
    auto reply = ask<wire::Envelope>(shards[shard], atom, request);
    BOOST_REQUIRE(std::holds_alternative<caf::error>(reply));
    return protocol::from_caf(std::get<caf::error>(reply));
  }

  /// Upserts `key` on its shard; returns the id.
  uint64_t upsert(const std::string& key, const std::string& name) {
    auto shard = storage::shard_of_slot(storage::slot_of_key(key), kShards);
    auto reply = ok(shard, write_atom::value,
                    wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
                      auto node = w.initNodes(1)[0];
                      node.setKey(key);
                      node.initLabels(1).set(0, "Synset");
                      schema::write_properties(node.initProperties(1), {{"name", name}});
                    }));
    return *wire::read<schema::ShardWriteResult>(reply, [](auto r) { return r.getNodeIds()[0]; });
  }

  wire::Envelope edge_entries(bool out, uint64_t first, const std::string& type, uint64_t second) {
    return wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
      auto e = (out ? w.initOutEdges(1) : w.initInEdges(1))[0];
      e.setFirst(first);
      e.setType(type);
      e.setSecond(second);
    });
  }

  void link(uint64_t src, const std::string& type, uint64_t dst) {
    auto owner = [](uint64_t id) {
      return storage::shard_of_slot(storage::slot_of_id(id), kShards);
    };
    ok(owner(src), write_atom::value, edge_entries(true, src, type, dst));
    ok(owner(dst), write_atom::value, edge_entries(false, dst, type, src));
  }

  std::optional<std::string> name_of_key(const std::string& key) {
    auto shard = storage::shard_of_slot(storage::slot_of_key(key), kShards);
    auto reply = ok(shard, lookup_atom::value,
                    wire::build<schema::NodeLookup>([&](auto l) { l.initKeys(1).set(0, key); }));
    return *wire::read<schema::NodeList>(
        reply, [](schema::NodeList::Reader list) -> std::optional<std::string> {
          auto node = list.getNodes()[0];
          if (!node.getFound()) return std::nullopt;
          return std::get<std::string>(
              schema::read_properties(node.getProperties()).at("name").data);
        });
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(nodes_live_on_the_shard_that_owns_their_slot, Fixture) {
  auto a = key_on(0, 1), b = key_on(1, 2);
  upsert(a, "alpha");
  upsert(b, "beta");
  BOOST_TEST(name_of_key(a).value_or("") == "alpha");
  BOOST_TEST(name_of_key(b).value_or("") == "beta");
  BOOST_TEST(!name_of_key(key_on(0, 3)).has_value());
}

BOOST_FIXTURE_TEST_CASE(a_key_sent_to_the_wrong_shard_is_refused, Fixture) {
  auto key = key_on(1, 1);
  auto error = fails(0, write_atom::value,
                     wire::build<schema::ShardWrite>(
                         [&](schema::ShardWrite::Builder w) { w.initNodes(1)[0].setKey(key); }));
  BOOST_TEST((error.code == errc::invalid_argument));
  BOOST_TEST(error.message.find("belongs to shard 1, not to shard 0") != std::string::npos,
             error.message);
}

BOOST_FIXTURE_TEST_CASE(expansion_groups_neighbours_by_their_owning_shard, Fixture) {
  auto dog = upsert(key_on(0, 1), "dog");
  auto canine = upsert(key_on(1, 2), "canine");
  auto puppy = upsert(key_on(0, 3), "puppy");
  link(dog, "hypernym", canine);
  link(puppy, "hypernym", dog);
  auto reply = ok(0, expand_atom::value,
                  wire::build<schema::ExpandRequest>([&](schema::ExpandRequest::Builder r) {
                    r.initIds(1).set(0, dog);
                    r.setDirection(schema::Direction::BOTH);
                    r.setShardCount(kShards);
                  }));
  auto groups = wire::read<schema::ExpandResponse>(reply, [&](schema::ExpandResponse::Reader r) {
    std::map<uint32_t, std::vector<std::tuple<uint64_t, std::string, bool>>> out;
    for (auto g : r.getGroups())
      for (auto h : g.getReached()) {
        BOOST_TEST(h.getFrom() == dog);
        out[g.getShard()].emplace_back(h.getId(), h.getType().cStr(), h.getOutgoing());
      }
    return out;
  });
  BOOST_REQUIRE(groups.ok());
  BOOST_TEST(groups->size() == 2u);
  BOOST_TEST((groups->at(1) ==
              std::vector<std::tuple<uint64_t, std::string, bool>>{{canine, "hypernym", true}}));
  BOOST_TEST((groups->at(0) ==
              std::vector<std::tuple<uint64_t, std::string, bool>>{{puppy, "hypernym", false}}));
}

BOOST_FIXTURE_TEST_CASE(an_expansion_on_the_last_hop_tells_the_keys_it_owns, Fixture) {
  auto dog_key = key_on(0, 1), puppy_key = key_on(0, 3);
  auto dog = upsert(dog_key, "dog");
  auto canine = upsert(key_on(1, 2), "canine");
  auto puppy = upsert(puppy_key, "puppy");
  link(dog, "hypernym", canine);
  link(puppy, "hypernym", dog);
  auto reply = ok(0, expand_atom::value,
                  wire::build<schema::ExpandRequest>([&](schema::ExpandRequest::Builder r) {
                    r.initIds(1).set(0, dog);
                    r.setDirection(schema::Direction::BOTH);
                    r.setShardCount(kShards);
                    r.setReachedKeys(true);
                  }));
  auto keys = wire::read<schema::ExpandResponse>(reply, [&](schema::ExpandResponse::Reader r) {
    std::map<uint64_t, std::string> out;
    for (auto node : r.getReached())
      out.emplace(node.getId(), node.getKey().cStr());
    return out;
  });
  // puppy lives here; canine on shard 1, whose key this shard cannot tell.
  BOOST_TEST((*keys == std::map<uint64_t, std::string>{{puppy, puppy_key}}));
}

BOOST_FIXTURE_TEST_CASE(a_read_batch_answers_each_item_as_if_it_came_alone, Fixture) {
  auto dog_key = key_on(0, 1);
  auto dog = upsert(dog_key, "dog");
  auto canine = upsert(key_on(1, 2), "canine");
  link(dog, "hypernym", canine);
  auto lookup = wire::build<schema::NodeLookup>([&](auto l) { l.initKeys(1).set(0, dog_key); });
  auto expand = wire::build<schema::ExpandRequest>([&](schema::ExpandRequest::Builder r) {
    r.initIds(1).set(0, dog);
    r.setShardCount(kShards);
  });
  auto foreign = wire::build<schema::NodeLookup>(
      [&](auto l) { l.initKeys(1).set(0, key_on(1, 2)); });  // shard 1's key: refused here
  auto batch = wire::build<schema::ShardReadBatch>([&](schema::ShardReadBatch::Builder b) {
    auto items = b.initItems(4);
    items[0].setKind(schema::ShardRead::LOOKUP);
    items[0].setRequest(lookup.words().asBytes());
    items[1].setKind(schema::ShardRead::LOOKUP);
    items[1].setRequest(foreign.words().asBytes());
    items[2].setKind(schema::ShardRead::EXPAND);
    items[2].setRequest(expand.words().asBytes());
    items[3].setKind(schema::ShardRead::EXPAND);
    items[3].setRequest(kj::arrayPtr(reinterpret_cast<const kj::byte*>("junk"), 4));
  });
  auto reply = ok(0, read_batch_atom::value, batch);
  auto read = wire::read<schema::ShardReadResults>(reply, [&](schema::ShardReadResults::Reader r) {
    auto items = r.getItems();
    BOOST_REQUIRE(items.size() == 4u);
    auto response = [&](unsigned i) {
      BOOST_REQUIRE(items[i].isResponse());
      auto bytes = items[i].getResponse();
      return *wire::Envelope::from_bytes(bytes.begin(), bytes.size());
    };
    auto name = wire::read<schema::NodeList>(response(0), [](schema::NodeList::Reader list) {
      return std::get<std::string>(
          schema::read_properties(list.getNodes()[0].getProperties()).at("name").data);
    });
    BOOST_TEST(*name == "dog");
    BOOST_REQUIRE(items[1].isError());
    BOOST_TEST(std::string(items[1].getError().getMessage().cStr()).find("belongs to shard 1") !=
               std::string::npos);
    auto reached = wire::read<schema::ExpandResponse>(
        response(2), [](auto r) { return r.getGroups()[0].getReached()[0].getId(); });
    BOOST_TEST(*reached == canine);
    BOOST_TEST(items[3].isError());
  });
  BOOST_TEST(read.ok());
}

BOOST_FIXTURE_TEST_CASE(a_write_that_fails_applies_nothing, Fixture) {
  auto key = key_on(0, 7);
  auto error = fails(0, write_atom::value,
                     wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
                       w.initNodes(1)[0].setKey(key);
                       auto e = w.initOutEdges(1)[0];
                       e.setFirst(storage::make_id(0, 12345));  // no such node
                       e.setType("hypernym");
                       e.setSecond(1);
                     }));
  BOOST_TEST((error.code == errc::not_found));
  BOOST_TEST(!name_of_key(key).has_value());
}

BOOST_FIXTURE_TEST_CASE(ensure_keys_create_bare_nodes_once, Fixture) {
  auto key = key_on(1, 4);
  auto ensure = wire::build<schema::ShardWrite>(
      [&](schema::ShardWrite::Builder w) { w.initEnsureKeys(1).set(0, key); });
  auto first = wire::read<schema::ShardWriteResult>(ok(1, write_atom::value, ensure),
                                                    [](auto r) { return r.getEnsuredIds()[0]; });
  auto second = wire::read<schema::ShardWriteResult>(ok(1, write_atom::value, ensure),
                                                     [](auto r) { return r.getEnsuredIds()[0]; });
  BOOST_TEST(*first == *second);
  auto reply = ask<wire::Envelope>(shards[1], stats_atom::value);
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(reply));
  auto nodes = wire::read<schema::ShardStats>(
      std::get<wire::Envelope>(reply), [](schema::ShardStats::Reader s) { return s.getNodes(); });
  BOOST_TEST(*nodes == 1u);
}

BOOST_FIXTURE_TEST_CASE(malformed_requests_get_errors_and_the_shard_keeps_serving, Fixture) {
  upsert(key_on(0, 1), "kept");
  for (const auto& c : testing::malformed_pings()) {
    BOOST_TEST_CONTEXT(c.name) {
      // A batch reads other fields than a ping: a ping's broken field may
      // not be one it reads. Whatever it answers, the shard survives it.
      (void)ask<wire::Envelope>(shards[0], read_batch_atom::value, c.envelope);
      for (auto atom : {0, 1, 2}) {
        auto error = atom == 0   ? fails(0, write_atom::value, c.envelope)
                     : atom == 1 ? fails(0, lookup_atom::value, c.envelope)
                                 : fails(0, expand_atom::value, c.envelope);
        BOOST_TEST((error.code == errc::malformed_message || error.code == errc::invalid_argument),
                   error.message);
      }
    }
  }
  BOOST_TEST(name_of_key(key_on(0, 1)).value_or("") == "kept");
}

BOOST_FIXTURE_TEST_CASE(a_restarted_shard_serves_what_it_acknowledged, Fixture) {
  auto key = key_on(1, 9);
  upsert(key, "durable");
  self->send_exit(shards[1], caf::exit_reason::kill);  // as a crash would
  sched.run();
  start(1);
  BOOST_TEST(name_of_key(key).value_or("") == "durable");
}

BOOST_FIXTURE_TEST_CASE(owed_writes_wait_in_the_outbox_until_settled, Fixture) {
  auto a = upsert(key_on(0, 1), "a");
  auto b = upsert(key_on(1, 2), "b");
  // Shard 0 writes the out entry of a -> b and records that shard 1 owes the in entry.
  ok(0, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
       auto out = w.initOutEdges(1)[0];
       out.setFirst(a), out.setType("knows"), out.setSecond(b);
       w.setBatchId(77);
       auto owed = w.initOwed(1)[0];
       owed.setShard(1);
       auto in = owed.initInEdges(1)[0];
       in.setFirst(b), in.setType("knows"), in.setSecond(a);
     }));
  auto records = [&] {
    auto reply = ask<wire::Envelope>(shards[0], outbox_atom::value);
    BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(reply));
    return *wire::read<schema::ShardOutbox>(
        std::get<wire::Envelope>(reply), [b](schema::ShardOutbox::Reader outbox) {
          std::vector<std::pair<uint64_t, uint32_t>> out;
          for (auto record : outbox.getRecords()) {
            out.emplace_back(record.getBatchId(), record.getOwed().getShard());
            BOOST_TEST(record.getOwed().getInEdges().size() == 1u);
            BOOST_TEST(record.getOwed().getInEdges()[0].getFirst() == b);
          }
          return out;
        });
  };
  // Kept across a restart of the shard: the store holds it.
  self->send_exit(shards[0], caf::exit_reason::kill);
  sched.run();
  start(0);
  BOOST_TEST((records() == std::vector<std::pair<uint64_t, uint32_t>>{{77, 1}}));
  ok(0, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
       w.initSettle(1).set(0, 77);
     }));
  BOOST_TEST(records().empty());
}

namespace {

/// A node's labels and properties as its shard has them.
std::optional<storage::Node> node_of(Fixture& f, uint64_t id) {
  auto shard = storage::shard_of_slot(storage::slot_of_id(id), kShards);
  auto reply = f.ok(shard, lookup_atom::value,
                    wire::build<schema::NodeLookup>([&](auto l) { l.initIds(1).set(0, id); }));
  return *wire::read<schema::NodeList>(
      reply, [&](schema::NodeList::Reader list) -> std::optional<storage::Node> {
        auto data = list.getNodes()[0];
        if (!data.getFound()) return std::nullopt;
        storage::Node node{id, schema::to_string(data.getKey()), {}, {}};
        for (auto label : data.getLabels())
          node.labels.push_back(schema::to_string(label));
        node.properties = schema::read_properties(data.getProperties());
        return node;
      });
}

uint32_t owner(uint64_t id) { return storage::shard_of_slot(storage::slot_of_id(id), kShards); }

/// How many edges node `id` has, as its shard sees them.
std::size_t edge_count(Fixture& f, uint64_t id) {
  auto reply = f.ok(owner(id), expand_atom::value,
                    wire::build<schema::ExpandRequest>([&](schema::ExpandRequest::Builder r) {
                      r.initIds(1).set(0, id);
                      r.setDirection(schema::Direction::BOTH);
                      r.setShardCount(kShards);
                    }));
  return *wire::read<schema::ExpandResponse>(reply, [](schema::ExpandResponse::Reader r) {
    std::size_t n = 0;
    for (auto group : r.getGroups())
      n += group.getReached().size();
    return n;
  });
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_patch_changes_only_what_it_names, Fixture) {
  auto id = upsert(key_on(0, 1), "a");
  ok(0, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
       auto patch = w.initPatches(1)[0];
       patch.setId(id);
       schema::write_properties(patch.initSetProperties(1), {{"age", int64_t{3}}});
       patch.initAddLabels(1).set(0, "Animal");
     }));
  // A second writer's patch of another property keeps the first one's.
  ok(0, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
       auto patch = w.initPatches(1)[0];
       patch.setId(id);
       patch.initRemoveProperties(1).set(0, "name");
       patch.initRemoveLabels(1).set(0, "Synset");
     }));
  auto node = node_of(*this, id);
  BOOST_REQUIRE(node.has_value());
  BOOST_TEST((node->labels == std::vector<std::string>{"Animal"}));
  BOOST_REQUIRE(node->properties.size() == 1u);
  BOOST_REQUIRE(node->properties.count("age"));
  BOOST_TEST(std::get<int64_t>(node->properties.at("age").data) == 3);
}

BOOST_FIXTURE_TEST_CASE(a_deleted_node_takes_its_edges_and_owes_the_other_shards_their_side,
                        Fixture) {
  auto a = upsert(key_on(0, 1), "a");
  auto near = upsert(key_on(0, 2), "near");  // same shard as a
  auto far = upsert(key_on(1, 3), "far");    // the other shard
  link(a, "knows", near);
  link(far, "knows", a);
  auto reply =
      ok(0, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
           w.setBatchId(91);
           w.initDeleteNodes(1).set(0, a);
         }));
  BOOST_TEST(wire::read<schema::ShardWriteResult>(reply, [&](schema::ShardWriteResult::Reader r) {
               BOOST_TEST(r.getDeletedNodes() == 1u);
               BOOST_TEST(r.getDetachedEdges() == 2u);
               // near's `in` entry went in the same batch; far's `out` entry is owed by shard 1.
               BOOST_REQUIRE(r.getOwed().size() == 1u);
               BOOST_TEST(r.getOwed()[0].getShard() == 1u);
               BOOST_REQUIRE(r.getOwed()[0].getDeleteOutEdges().size() == 1u);
               BOOST_TEST(r.getOwed()[0].getDeleteOutEdges()[0].getFirst() == far);
               BOOST_TEST(r.getOwed()[0].getDeleteOutEdges()[0].getSecond() == a);
             }).ok());
  BOOST_TEST(!node_of(*this, a).has_value());
  BOOST_TEST(edge_count(*this, near) == 0u);
  BOOST_TEST(edge_count(*this, far) == 1u);  // until shard 1 gets what it owes
  // The owed delete waits in shard 0's outbox, as an edge put would.
  auto outbox = ask<wire::Envelope>(shards[0], outbox_atom::value);
  BOOST_REQUIRE(std::holds_alternative<wire::Envelope>(outbox));
  BOOST_TEST(wire::read<schema::ShardOutbox>(std::get<wire::Envelope>(outbox), [&](auto o) {
               BOOST_REQUIRE(o.getRecords().size() == 1u);
               BOOST_TEST(o.getRecords()[0].getBatchId() == 91u);
               BOOST_TEST(o.getRecords()[0].getOwed().getDeleteOutEdges().size() == 1u);
             }).ok());
  // Deleting without a batch id is refused: the owed entries need a record.
  auto error = fails(1, write_atom::value,
                     wire::build<schema::ShardWrite>(
                         [&](schema::ShardWrite::Builder w) { w.initDeleteNodes(1).set(0, far); }));
  BOOST_TEST(error.message.find("batchId") != std::string::npos, error.message);
}

BOOST_FIXTURE_TEST_CASE(an_entry_for_a_deleted_node_is_skipped_and_answered_with_skip_missing,
                        Fixture) {
  auto a = upsert(key_on(0, 1), "a");
  auto gone = upsert(key_on(0, 2), "gone");
  ok(0, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
       w.setBatchId(5);
       w.initDeleteNodes(1).set(0, gone);
     }));
  auto entry = [&](bool skip) {
    return wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
      auto e = w.initInEdges(1)[0];
      e.setFirst(gone), e.setType("knows"), e.setSecond(a);
      w.setSkipMissing(skip);
    });
  };
  BOOST_TEST((fails(0, write_atom::value, entry(false)).code == errc::not_found));
  auto reply = ok(0, write_atom::value, entry(true));
  BOOST_TEST(wire::read<schema::ShardWriteResult>(reply, [&](schema::ShardWriteResult::Reader r) {
               BOOST_REQUIRE(r.getSkippedIn().size() == 1u);
               BOOST_TEST(r.getSkippedIn()[0].getFirst() == gone);
             }).ok());
}

BOOST_FIXTURE_TEST_CASE(reserved_ids_name_the_nodes_made_later_and_only_those, Fixture) {
  auto key = key_on(1, 4);
  auto reply = ok(1, reserve_atom::value,
                  wire::build<schema::ReserveIds>([&](auto r) { r.initKeys(1).set(0, key); }));
  auto id = *wire::read<schema::ReservedIds>(reply, [](auto r) { return r.getIds()[0]; });
  BOOST_TEST(storage::slot_of_id(id) == storage::slot_of_key(key));
  // The next node of that slot gets another id: a reserved id is never given twice.
  auto other = upsert(key_on(1, 5), "other");
  BOOST_TEST(other != id);
  auto made =
      ok(1, write_atom::value, wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
           auto node = w.initNodes(1)[0];
           node.setKey(key);
           node.setId(id);
         }));
  BOOST_TEST(
      *wire::read<schema::ShardWriteResult>(made, [](auto r) { return r.getNodeIds()[0]; }) == id);
  BOOST_TEST(owner(id) == 1u);
  // An id not reserved for the key is refused.
  auto error = fails(1, write_atom::value,
                     wire::build<schema::ShardWrite>([&](schema::ShardWrite::Builder w) {
                       auto node = w.initNodes(1)[0];
                       node.setKey(key_on(1, 6));
                       node.setId(id + 1000);
                     }));
  BOOST_TEST(error.message.find("was not reserved") != std::string::npos, error.message);
}
