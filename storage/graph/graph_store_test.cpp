#define BOOST_TEST_MODULE storage_graph_store
#include "storage/graph/graph_store.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "storage/graph/graph_write_batch.hpp"

using namespace ds;
using namespace ds::storage;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<GraphStore> open_store(const fs::path& dir) {
  auto store = GraphStore::open(dir);
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  return std::move(store).value();
}

template <class T>
T ok(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r).value();
}

void ok(Result<void> r) { BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message)); }

}  // namespace

BOOST_AUTO_TEST_CASE(a_node_reads_back_by_id_key_and_label) {
  testing::TempDir dir("ds-graph");
  auto store = open_store(dir.path());
  GraphWriteBatch batch(*store);
  auto id = ok(batch.upsert_node("n02084071", {"Synset", "Animal", "Synset"},
                                 {{"name", "dog.n.01"},
                                  {"lemmas", Value::List{"dog", "domestic_dog"}},
                                  {"rank", 3},
                                  {"weight", 0.5},
                                  {"wild", false}}));
  ok(batch.commit());
  BOOST_TEST(slot_of_id(id) == slot_of_key("n02084071"));
  BOOST_TEST(ok(store->find("n02084071")).value() == id);
  auto node = ok(store->get(id)).value();
  BOOST_TEST(node.key == "n02084071");
  BOOST_TEST((node.labels == std::vector<std::string>{"Animal", "Synset"}));  // sorted, unique
  BOOST_TEST((node.properties.at("lemmas") == Value(Value::List{"dog", "domestic_dog"})));
  BOOST_TEST((node.properties.at("rank") == Value(3)));
  BOOST_TEST((ok(store->scan_label("Synset")) == std::vector<EntityId>{id}));
  BOOST_TEST(!ok(store->find("nope")).has_value());
  BOOST_TEST(store->counts().nodes == 1u);
}

BOOST_AUTO_TEST_CASE(edges_are_listed_by_type_and_direction) {
  testing::TempDir dir("ds-graph");
  auto store = open_store(dir.path());
  GraphWriteBatch batch(*store);
  auto dog = ok(batch.upsert_node("dog", {}, {}));
  auto canine = ok(batch.upsert_node("canine", {}, {}));
  auto puppy = ok(batch.upsert_node("puppy", {}, {}));
  for (auto [src, type, dst] :
       {std::tuple{dog, "hypernym", canine}, std::tuple{canine, "hyponym", dog},
        std::tuple{puppy, "hypernym", dog}, std::tuple{dog, "hyponym", puppy}}) {
    ok(batch.put_out_edge(src, type, dst, {{"w", 1}}));
    ok(batch.put_in_edge(dst, type, src));
  }
  ok(batch.commit());
  auto out = ok(store->neighbours(dog, {"hypernym"}, Direction::out));
  BOOST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].id == canine);
  BOOST_TEST(out[0].type == "hypernym");
  auto in = ok(store->neighbours(dog, {"hypernym"}, Direction::in));
  BOOST_REQUIRE(in.size() == 1u);
  BOOST_TEST(in[0].id == puppy);
  BOOST_TEST(ok(store->neighbours(dog, {}, Direction::both)).size() == 4u);
  BOOST_TEST(ok(store->neighbours(dog, {"antonym"}, Direction::both)).empty());
  BOOST_TEST((ok(store->edge_properties(dog, "hypernym", canine)).value().at("w") == Value(1)));
  BOOST_TEST((store->counts() == GraphCounts{3, 4, 4}));
}

BOOST_AUTO_TEST_CASE(a_failed_batch_leaves_the_store_unchanged) {
  testing::TempDir dir("ds-graph");
  auto store = open_store(dir.path());
  {
    GraphWriteBatch batch(*store);
    ok(batch.upsert_node("a", {}, {}));
    ok(batch.commit());
  }
  GraphWriteBatch batch(*store);
  ok(batch.upsert_node("b", {}, {}));
  auto missing = batch.put_out_edge(make_id(1, 999), "rel", 1);
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST((missing.error().code == errc::not_found));
  auto empty = batch.upsert_node("", {}, {});
  BOOST_TEST((!empty.ok() && empty.error().code == errc::invalid_argument));
  // The caller discards the batch: nothing of it is visible.
  BOOST_TEST(!ok(store->find("b")).has_value());
  BOOST_TEST(store->counts().nodes == 1u);
}

BOOST_AUTO_TEST_CASE(upserting_twice_keeps_the_id_and_replaces_labels) {
  testing::TempDir dir("ds-graph");
  auto store = open_store(dir.path());
  GraphWriteBatch batch(*store);
  auto first = ok(batch.upsert_node("k", {"A", "B"}, {{"x", 1}}));
  auto second = ok(batch.upsert_node("k", {"B", "C"}, {{"y", 2}}));  // same batch
  ok(batch.commit());
  BOOST_TEST(first == second);
  BOOST_TEST(ok(store->scan_label("A")).empty());
  BOOST_TEST(ok(store->scan_label("C")).size() == 1u);
  auto node = ok(store->get(first)).value();
  BOOST_TEST(node.properties.count("x") == 0u);
  BOOST_TEST(store->counts().nodes == 1u);
}

BOOST_AUTO_TEST_CASE(creating_a_node_refuses_a_key_that_has_one_and_writes_nothing) {
  testing::TempDir dir("ds-graph");
  auto store = open_store(dir.path());
  GraphWriteBatch first(*store);
  auto id = ok(first.create_node("k", {"A"}, {{"x", 1}}));
  BOOST_REQUIRE(id.has_value());
  BOOST_TEST(!ok(first.create_node("k", {"B"}, {})).has_value());  // made earlier in the batch
  ok(first.commit());

  GraphWriteBatch second(*store);
  BOOST_TEST(!ok(second.create_node("k", {"C"}, {{"y", 2}})).has_value());  // in the store
  BOOST_TEST(ok(second.create_node("other", {"C"}, {})).has_value());
  ok(second.commit());
  auto node = ok(store->get(*id)).value();
  BOOST_TEST((node.labels == std::vector<std::string>{"A"}));
  BOOST_TEST((node.properties.at("x") == Value(1)));
  BOOST_TEST(ok(store->scan_label("B")).empty());
  BOOST_TEST(ok(store->scan_label("C")).size() == 1u);
  BOOST_TEST(store->counts().nodes == 2u);
}

// -- A model-based test: random operations, every read compared. ------------

namespace {

using EdgeKey = std::tuple<EntityId, std::string, EntityId>;

/// What the store should contain, kept the simplest way.
struct Model {
  std::map<std::string, EntityId> ids;
  std::map<EntityId, Node> nodes;
  std::map<EdgeKey, Properties> out;  // (src, type, dst)
  std::set<EdgeKey> in;               // (dst, type, src)

  std::vector<Neighbour> neighbours(EntityId id, const std::vector<std::string>& types,
                                    Direction direction) const {
    std::vector<Neighbour> result;
    auto wanted = [&](const std::string& type) {
      return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
    };
    if (direction != Direction::in)
      for (const auto& [key, props] : out)
        if (std::get<0>(key) == id && wanted(std::get<1>(key)))
          result.push_back({std::get<2>(key), std::get<1>(key), Direction::out});
    if (direction != Direction::out)
      for (const auto& key : in)
        if (std::get<0>(key) == id && wanted(std::get<1>(key)))
          result.push_back({std::get<2>(key), std::get<1>(key), Direction::in});
    return result;
  }
};

std::vector<Neighbour> sorted(std::vector<Neighbour> v) {
  std::sort(v.begin(), v.end());
  return v;
}

struct RandomOps {
  std::mt19937_64 rng{20261128};
  std::vector<std::string> types{"hypernym", "hyponym", "antonym", "similar_to"};
  std::vector<std::string> labels{"Synset", "Lemma", "Concept"};

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng() % n); }
  std::string key() { return "k" + std::to_string(pick(150)); }
  Properties properties() {
    Properties p;
    if (pick(2)) p["name"] = "n" + std::to_string(pick(1000));
    if (pick(2)) p["rank"] = static_cast<int64_t>(pick(100)) - 50;
    if (pick(3) == 0) p["tags"] = Value::List{"a", Value::List{1, 2.5}, true};
    return p;
  }
  std::vector<std::string> some_labels() {
    std::vector<std::string> out;
    for (const auto& l : labels)
      if (pick(2)) out.push_back(l);
    return out;
  }
};

void compare(const GraphStore& store, const Model& model) {
  BOOST_TEST(store.counts().nodes == model.nodes.size());
  BOOST_TEST(store.counts().out_edges == model.out.size());
  BOOST_TEST(store.counts().in_edges == model.in.size());
  for (const auto& [key, id] : model.ids) {
    BOOST_TEST(ok(store.find(key)).value_or(0) == id);
    auto node = ok(store.get(id));
    BOOST_REQUIRE(node.has_value());
    BOOST_TEST((*node == model.nodes.at(id)));
    BOOST_TEST(ok(store.key_of(id)).value_or("") == key);
    for (auto direction : {Direction::out, Direction::in, Direction::both}) {
      BOOST_TEST((sorted(ok(store.neighbours(id, {}, direction))) ==
                  sorted(model.neighbours(id, {}, direction))));
      std::vector<std::string> two{"hypernym", "antonym"};
      BOOST_TEST((sorted(ok(store.neighbours(id, two, direction))) ==
                  sorted(model.neighbours(id, two, direction))));
    }
  }
  for (const auto& [edge, props] : model.out)
    BOOST_TEST((ok(store.edge_properties(std::get<0>(edge), std::get<1>(edge),
                                         std::get<2>(edge))) == std::optional<Properties>(props)));
  for (const auto& label : {"Synset", "Lemma", "Concept"}) {
    std::vector<EntityId> expected;
    for (const auto& [id, node] : model.nodes)
      if (std::count(node.labels.begin(), node.labels.end(), label)) expected.push_back(id);
    BOOST_TEST((ok(store.scan_label(label)) == expected));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_operations_match_a_simple_model_across_reopens) {
  testing::TempDir dir("ds-graph");
  auto store = open_store(dir.path());
  Model model;
  RandomOps ops;
  for (int round = 0; round < 300; ++round) {
    GraphWriteBatch batch(*store);
    Model next = model;  // what `model` becomes if this batch commits
    std::size_t writes = 1 + ops.pick(12);
    for (std::size_t w = 0; w < writes; ++w) {
      auto choice = ops.pick(10);
      if (choice < 4 || next.ids.size() < 2) {
        auto key = ops.key();
        auto labels = ops.some_labels();
        auto props = ops.properties();
        auto id = ok(batch.upsert_node(key, labels, props));
        std::sort(labels.begin(), labels.end());
        next.ids[key] = id;
        next.nodes[id] = Node{id, key, labels, props};
      } else if (choice < 8) {
        auto src =
            std::next(next.nodes.begin(), static_cast<long>(ops.pick(next.nodes.size())))->first;
        auto dst =
            std::next(next.nodes.begin(), static_cast<long>(ops.pick(next.nodes.size())))->first;
        auto type = ops.types[ops.pick(ops.types.size())];
        auto props = ops.pick(2) ? ops.properties() : Properties{};
        ok(batch.put_out_edge(src, type, dst, props));
        ok(batch.put_in_edge(dst, type, src));
        next.out[{src, type, dst}] = props;
        next.in.insert({dst, type, src});
      } else if (choice == 8 && !next.out.empty()) {
        auto edge =
            std::next(next.out.begin(), static_cast<long>(ops.pick(next.out.size())))->first;
        auto [src, type, dst] = edge;
        BOOST_TEST(ok(batch.delete_out_edge(src, type, dst)));
        BOOST_TEST(ok(batch.delete_in_edge(dst, type, src)));
        next.out.erase(edge);
        next.in.erase({dst, type, src});
      } else {
        auto victim = std::next(next.nodes.begin(), static_cast<long>(ops.pick(next.nodes.size())));
        auto id = victim->first;
        auto deleted = ok(batch.delete_node(id));
        // One store holds both endpoints here: remove the mirror entries too,
        // as the shard actor does across shards.
        for (const auto& e : deleted.outgoing)
          ok(batch.delete_in_edge(e.dst, e.type, e.src));
        for (const auto& e : deleted.incoming)
          ok(batch.delete_out_edge(e.src, e.type, e.dst));
        next.ids.erase(victim->second.key);
        next.nodes.erase(victim);
        std::erase_if(next.out, [&](const auto& e) {
          return std::get<0>(e.first) == id || std::get<2>(e.first) == id;
        });
        std::erase_if(next.in,
                      [&](const auto& e) { return std::get<0>(e) == id || std::get<2>(e) == id; });
      }
    }
    if (ops.pick(8) == 0) continue;  // abandon the batch: the store must not change
    ok(batch.commit());
    model = std::move(next);
    if (round % 25 == 0) compare(*store, model);
    if (round % 60 == 59) {  // close and reopen: everything committed survives
      store.reset();
      store = open_store(dir.path());
    }
  }
  compare(*store, model);
  BOOST_TEST(model.nodes.size() > 20u);
  BOOST_TEST(model.out.size() > 50u);
}
