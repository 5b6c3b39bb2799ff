#define BOOST_TEST_MODULE storage_graph_text
// Full-text documents in the graph store: postings written in the node's
// batch, BM25 with collection statistics that can be summed over stores.
#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.hpp"
#include "storage/graph/graph_store.hpp"
#include "storage/graph/graph_write_batch.hpp"

using namespace ds;
using namespace ds::storage;

namespace {

using Terms = std::vector<std::string>;

std::unique_ptr<GraphStore> open_store(const std::filesystem::path& dir) {
  auto store = GraphStore::open(dir);
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  return std::move(store).value();
}

void ok(Result<void> r) { BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message)); }

/// Nodes with these keys and documents, in one batch; their ids.
std::vector<EntityId> put(GraphStore& store, const std::vector<std::pair<std::string, Terms>>& docs) {
  GraphWriteBatch batch(store);
  std::vector<EntityId> ids;
  for (const auto& [key, terms] : docs) {
    auto id = batch.upsert_node(key, {}, {});
    BOOST_REQUIRE(id.ok());
    ok(batch.put_document(*id, terms));
    ids.push_back(*id);
  }
  ok(batch.commit());
  return ids;
}

TextStats add(const TextStats& a, const TextStats& b) {
  TextStats sum{a.documents + b.documents, a.total_length + b.total_length, a.df};
  for (std::size_t i = 0; i < sum.df.size(); ++i)
    sum.df[i] += b.df[i];
  return sum;
}

const std::vector<std::pair<std::string, Terms>> kDocs{
    {"dog", {"dog", "bark", "night", "dog"}},
    {"cat", {"cat", "purr", "night"}},
    {"wolf", {"wolf", "howl", "night", "dog", "wild"}},
    {"fish", {"fish", "swim"}},
};

}  // namespace

BOOST_AUTO_TEST_CASE(bm25_ranks_by_term_frequency_rarity_and_length) {
  testing::TempDir dir("ds-text");
  auto store = open_store(dir.path());
  auto ids = put(*store, kDocs);
  Terms query{"dog", "bark"};
  auto stats = store->text_stats(query);
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats->documents == 4u);
  BOOST_TEST(stats->total_length == 14u);
  BOOST_TEST((stats->df == std::vector<uint64_t>{2, 1}));
  auto hits = store->search_text(query, *stats, 10);
  BOOST_REQUIRE(hits.ok());
  BOOST_REQUIRE(hits->size() == 2u);
  BOOST_TEST((*hits)[0].id == ids[0]);  // dog: "dog" twice and the rare "bark"
  BOOST_TEST((*hits)[1].id == ids[2]);
  BOOST_TEST((*hits)[0].score > (*hits)[1].score);
  BOOST_TEST(store->search_text({"zebra"}, *store->text_stats({"zebra"}), 10)->empty());
}

BOOST_AUTO_TEST_CASE(scores_do_not_depend_on_how_documents_are_spread_over_stores) {
  testing::TempDir one("ds-text"), left("ds-text"), right("ds-text");
  auto whole = open_store(one.path());
  auto a = open_store(left.path()), b = open_store(right.path());
  put(*whole, kDocs);
  put(*a, {kDocs[0], kDocs[3]});
  put(*b, {kDocs[1], kDocs[2]});
  Terms query{"night", "dog", "wild"};
  auto single = whole->search_text(query, *whole->text_stats(query), 10);
  auto global = add(*a->text_stats(query), *b->text_stats(query));
  auto from_a = a->search_text(query, global, 10), from_b = b->search_text(query, global, 10);
  BOOST_REQUIRE(single.ok());
  std::map<std::string, double> by_key_single, by_key_split;
  for (const auto& hit : *single)
    by_key_single[whole->get(hit.id)->value().key] = hit.score;
  for (const auto& hit : *from_a)
    by_key_split[a->get(hit.id)->value().key] = hit.score;
  for (const auto& hit : *from_b)
    by_key_split[b->get(hit.id)->value().key] = hit.score;
  BOOST_TEST(by_key_single.size() == 3u);
  for (const auto& [key, score] : by_key_single)
    BOOST_TEST(by_key_split.at(key) == score, key);  // identical, not merely close
}

BOOST_AUTO_TEST_CASE(a_document_is_replaced_deleted_and_goes_with_its_node) {
  testing::TempDir dir("ds-text");
  auto ids = std::vector<EntityId>{};
  {
    auto store = open_store(dir.path());
    ids = put(*store, kDocs);
    GraphWriteBatch batch(*store);
    ok(batch.put_document(ids[0], {"puppy"}));  // replaces "dog bark night dog"
    BOOST_REQUIRE(batch.delete_node(ids[3]).ok());
    ok(batch.commit());
  }
  auto store = open_store(dir.path());  // counters and postings survive a reopen
  auto stats = store->text_stats({"dog", "puppy", "fish"});
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats->documents == 3u);
  BOOST_TEST(stats->total_length == 9u);  // 1 + 3 + 5
  BOOST_TEST((stats->df == std::vector<uint64_t>{1, 1, 0}));
  BOOST_TEST((store->search_text({"puppy"}, *store->text_stats({"puppy"}), 5)->at(0).id == ids[0]));
  GraphWriteBatch batch(*store);
  BOOST_TEST(*batch.delete_document(ids[1]));
  BOOST_TEST(!*batch.delete_document(ids[1]));
  ok(batch.commit());
  BOOST_TEST(store->text_stats({})->documents == 2u);
}
