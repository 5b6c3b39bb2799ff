#define BOOST_TEST_MODULE storage_vector_index
#include "storage/vector/vector_index.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include <boost/test/unit_test.hpp>

using namespace ds;
using namespace ds::storage;

namespace {

struct Data {
  std::vector<EntityId> ids;
  std::vector<float> rows;
};

/// `n` random vectors of `dim` (fixed seed), ids 1000 + i.
Data random_vectors(std::size_t n, uint32_t dim, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Data data;
  for (std::size_t i = 0; i < n; ++i) {
    data.ids.push_back(1000 + i);
    for (uint32_t c = 0; c < dim; ++c)
      data.rows.push_back(normal(rng));
  }
  return data;
}

std::unique_ptr<VectorIndex> make(const std::string& index, uint32_t dim,
                                  Metric metric = Metric::l2) {
  auto created = VectorIndex::create({"test", dim, metric, index, {}});
  BOOST_REQUIRE_MESSAGE(created.ok(), (created.ok() ? "" : created.error().message));
  return std::move(created).value();
}

/// Exact L2 top-k over `data`, skipping `removed`.
std::vector<EntityId> brute_force(const Data& data, uint32_t dim, std::span<const float> query,
                                  std::size_t k, const std::set<EntityId>& removed = {}) {
  std::vector<std::pair<float, EntityId>> all;
  for (std::size_t i = 0; i < data.ids.size(); ++i) {
    if (removed.count(data.ids[i])) continue;
    float d = 0;
    for (uint32_t c = 0; c < dim; ++c) {
      float diff = data.rows[i * dim + c] - query[c];
      d += diff * diff;
    }
    all.emplace_back(d, data.ids[i]);
  }
  std::sort(all.begin(), all.end());
  std::vector<EntityId> out;
  for (std::size_t i = 0; i < std::min(k, all.size()); ++i)
    out.push_back(all[i].second);
  return out;
}

std::vector<EntityId> ids_of(const std::vector<VectorHit>& hits) {
  std::vector<EntityId> out;
  for (const auto& hit : hits)
    out.push_back(hit.id);
  return out;
}

double recall_at(VectorIndex& index, const Data& data, uint32_t dim, std::size_t queries,
                 std::size_t k, const SearchParams& params = {}) {
  auto probes = random_vectors(queries, dim, 99);
  auto found = index.search(probes.rows, k, params);
  BOOST_REQUIRE(found.ok());
  std::size_t hits = 0;
  for (std::size_t q = 0; q < queries; ++q) {
    auto truth = brute_force(data, dim, std::span(probes.rows).subspan(q * dim, dim), k);
    for (auto id : ids_of((*found)[q]))
      hits += std::count(truth.begin(), truth.end(), id);
  }
  return static_cast<double>(hits) / static_cast<double>(queries * k);
}

}  // namespace

BOOST_AUTO_TEST_CASE(flat_search_is_exact_and_scores_are_distances) {
  const uint32_t dim = 16;
  auto data = random_vectors(500, dim);
  auto index = make("Flat", dim);
  BOOST_REQUIRE(index->upsert(data.ids, data.rows).ok());
  BOOST_TEST(index->size() == 500u);
  auto query = std::span(data.rows).subspan(42 * dim, dim);
  auto hits = index->search(query, 10);
  BOOST_REQUIRE(hits.ok());
  BOOST_TEST((ids_of((*hits)[0]) == brute_force(data, dim, query, 10)));
  BOOST_TEST((*hits)[0][0].id == data.ids[42]);
  BOOST_TEST((*hits)[0][0].score == 0.0f);
  BOOST_TEST((*hits)[0][1].score > 0.0f);
}

BOOST_AUTO_TEST_CASE(hnsw_reaches_high_recall) {
  const uint32_t dim = 32;
  auto data = random_vectors(3000, dim);
  auto index = make("HNSW32", dim);
  BOOST_REQUIRE(index->upsert(data.ids, data.rows).ok());
  auto low = recall_at(*index, data, dim, 50, 10, {16, std::nullopt});
  auto high = recall_at(*index, data, dim, 50, 10, {128, std::nullopt});
  BOOST_TEST(high >= 0.95, "recall@10 at efSearch 128: " << high);  // about 0.99
  BOOST_TEST(high > low, "efSearch must matter: " << low << " -> " << high);
}

BOOST_AUTO_TEST_CASE(upserts_replace_and_deletes_never_come_back_in_every_index_kind) {
  const uint32_t dim = 8;
  for (std::string kind : {"Flat", "HNSW16", "IVF4,Flat"}) {
    BOOST_TEST_CONTEXT(kind) {
      auto data = random_vectors(400, dim);
      auto index = make(kind, dim);
      BOOST_REQUIRE(index->upsert(data.ids, data.rows).ok());
      BOOST_TEST(index->trained());  // 400 >= 39 * 4 for the IVF
      // Move id 1000 next to a far point, delete ids 1001..1099.
      std::vector<float> far(dim, 50.0f);
      std::vector<EntityId> moved{1000};
      BOOST_REQUIRE(index->upsert(moved, far).ok());
      std::vector<EntityId> gone(data.ids.begin() + 1, data.ids.begin() + 100);
      BOOST_TEST(index->remove(gone) == 99u);
      BOOST_TEST(index->remove(gone) == 0u);
      BOOST_TEST(index->size() == 301u);
      auto near_far = index->search(far, 1, {128, 4});
      BOOST_REQUIRE(near_far.ok());
      BOOST_TEST((*near_far)[0][0].id == 1000u);
      auto everything = index->search(std::span(data.rows).subspan(0, dim), 400, {400, 4});
      BOOST_REQUIRE(everything.ok());
      std::set<EntityId> seen;
      for (const auto& hit : (*everything)[0]) {
        BOOST_TEST((hit.id == 1000u || hit.id >= 1100u), "deleted id " << hit.id << " returned");
        BOOST_TEST(seen.insert(hit.id).second, "id " << hit.id << " returned twice");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_flat_index_with_tombstones_stays_exact_in_a_batch) {
  // Tombstones make a flat index oversample (k + dead) and drop the dead
  // rather than pass FAISS a selector: the answers must still be exact.
  const uint32_t dim = 16;
  auto data = random_vectors(2000, dim);
  auto index = make("Flat", dim);
  BOOST_REQUIRE(index->upsert(data.ids, data.rows).ok());
  std::set<EntityId> removed;
  std::vector<EntityId> gone;
  for (std::size_t i = 0; i < data.ids.size(); i += 3) {
    gone.push_back(data.ids[i]);
    removed.insert(data.ids[i]);
  }
  BOOST_REQUIRE(index->remove(gone) == gone.size());
  // Re-upserting the same vectors leaves tombstones of the old rows too.
  std::vector<EntityId> again(data.ids.begin() + 1, data.ids.begin() + 50);
  std::vector<EntityId> again_live;
  std::vector<float> again_rows;
  for (std::size_t i = 1; i < 50; ++i)
    if (!removed.count(data.ids[i])) {
      again_live.push_back(data.ids[i]);
      again_rows.insert(again_rows.end(), data.rows.begin() + i * dim,
                        data.rows.begin() + (i + 1) * dim);
    }
  BOOST_REQUIRE(index->upsert(again_live, again_rows).ok());
  auto probes = random_vectors(64, dim, 123);
  auto found = index->search(probes.rows, 10, {});
  BOOST_REQUIRE(found.ok());
  for (std::size_t q = 0; q < 64; ++q) {
    auto truth = brute_force(data, dim, std::span(probes.rows).subspan(q * dim, dim), 10, removed);
    BOOST_TEST(ids_of((*found)[q]) == truth, "query " << q);
  }
}

BOOST_AUTO_TEST_CASE(a_filter_keeps_only_the_given_ids) {
  const uint32_t dim = 8;
  auto data = random_vectors(300, dim);
  for (std::string kind : {"Flat", "HNSW16"}) {
    auto index = make(kind, dim);
    BOOST_REQUIRE(index->upsert(data.ids, data.rows).ok());
    std::unordered_set<EntityId> only{1005, 1010, 1200};
    auto hits = index->search(std::span(data.rows).subspan(0, dim), 10, {300, std::nullopt}, &only);
    BOOST_REQUIRE(hits.ok());
    BOOST_TEST((*hits)[0].size() == 3u, kind);
    for (const auto& hit : (*hits)[0])
      BOOST_TEST(only.count(hit.id) == 1u);
  }
}

BOOST_AUTO_TEST_CASE(cosine_ignores_length_and_scores_similarity) {
  auto index = make("Flat", 3, Metric::cosine);
  std::vector<EntityId> ids{1, 2};
  std::vector<float> rows{1, 0, 0, 0, 10, 0};
  BOOST_REQUIRE(index->upsert(ids, rows).ok());
  std::vector<float> query{0, 0.1f, 0};
  auto hits = index->search(query, 2);
  BOOST_REQUIRE(hits.ok());
  BOOST_TEST((*hits)[0][0].id == 2u);
  BOOST_TEST(std::abs((*hits)[0][0].score - 1.0f) < 1e-5);
  BOOST_TEST(std::abs((*hits)[0][1].score) < 1e-5);
}

BOOST_AUTO_TEST_CASE(an_ivf_index_is_exact_until_it_has_enough_vectors_to_train) {
  const uint32_t dim = 8;
  auto data = random_vectors(2000, dim);
  auto index = make("IVF16,Flat", dim);  // trains at 39 * 16 = 624 vectors
  std::span<const EntityId> ids(data.ids);
  std::span<const float> rows(data.rows);
  BOOST_REQUIRE(index->upsert(ids.subspan(0, 600), rows.subspan(0, 600 * dim)).ok());
  BOOST_TEST(!index->trained());
  auto query = rows.subspan(7 * dim, dim);
  Data first{{ids.begin(), ids.begin() + 600}, {rows.begin(), rows.begin() + 600 * dim}};
  BOOST_TEST((ids_of((*index->search(query, 5))[0]) == brute_force(first, dim, query, 5)));
  BOOST_REQUIRE(index->upsert(ids.subspan(600), rows.subspan(600 * dim)).ok());
  BOOST_TEST(index->trained());
  BOOST_TEST(index->size() == 2000u);
  BOOST_TEST(recall_at(*index, data, dim, 30, 10, {std::nullopt, 16}) == 1.0);  // all lists
}

BOOST_AUTO_TEST_CASE(bad_vectors_change_nothing_and_say_what_is_wrong) {
  auto index = make("Flat", 4);
  std::vector<EntityId> ids{1, 2};
  std::vector<float> short_rows{1, 2, 3, 4, 5};
  auto wrong = index->upsert(ids, short_rows);
  BOOST_REQUIRE(!wrong.ok());
  BOOST_TEST(wrong.error().message ==
             "expected 2 vectors of dimension 4 (8 numbers), got 5 numbers");
  std::vector<float> nan_rows{1, 2, 3, 4, 5, std::nanf(""), 7, 8};
  auto nan = index->upsert(ids, nan_rows);
  BOOST_REQUIRE(!nan.ok());
  BOOST_TEST(nan.error().message == "vector 1 (id 2): component 1 is NaN");
  BOOST_TEST(index->size() == 0u);
  auto cosine = make("Flat", 2, Metric::cosine);
  std::vector<EntityId> one{1};
  std::vector<float> zero{0, 0};
  BOOST_TEST(cosine->upsert(one, zero).error().message ==
             "vector 0 (id 1): all zeros has no direction, which cosine needs");
}

BOOST_AUTO_TEST_CASE(bad_specs_are_refused_naming_the_field) {
  auto message = [](VectorSpaceSpec spec) {
    auto created = VectorIndex::create(std::move(spec));
    BOOST_REQUIRE(!created.ok());
    return created.error().message;
  };
  BOOST_TEST(message({"Bad Name", 4, Metric::l2, "Flat", {}}).find("name: ") == 0u);
  BOOST_TEST(message({"ok", 0, Metric::l2, "Flat", {}}) == "dim: 0 is outside 1..65536");
  BOOST_TEST(message({"ok", 4, Metric::l2, "Flatt", {}}).find("index: FAISS cannot build") == 0u);
  BOOST_TEST(message({"ok", 4, Metric::l2, "IDMap,Flat", {}}).find("leave out IDMap") !=
             std::string::npos);
  BOOST_TEST(message({"ok", 4, Metric::l2, "Flat", {0, std::nullopt}}) ==
             "params.efSearch: must be at least 1");
  BOOST_TEST(message({"ok", 4, Metric::l2, "Flat", {}, 200}) ==
             "params.efConstruction: only for HNSW indexes, not \"Flat\"");
  BOOST_TEST(message({"ok", 4, Metric::l2, "HNSW32", {}, 0}) ==
             "params.efConstruction: must be in 1..4096");
  BOOST_TEST(VectorIndex::create({"ok", 4, Metric::l2, "HNSW32", {}, 200}).ok());
  BOOST_TEST(!parse_metric("euclid").ok());
}

BOOST_AUTO_TEST_CASE(vectors_of_gives_the_live_rows_of_the_ids_it_holds) {
  auto index = make("Flat", 2);
  std::vector<EntityId> ids{1, 2, 3};
  BOOST_REQUIRE(index->upsert(ids, std::vector<float>{1, 1, 2, 2, 3, 3}).ok());
  std::vector<EntityId> replaced{3};
  BOOST_REQUIRE(index->upsert(replaced, std::vector<float>{9, 9}).ok());
  std::vector<EntityId> gone{2};
  index->remove(gone);
  std::vector<EntityId> asked{3, 2, 77, 1};
  auto got = index->vectors_of(asked);
  BOOST_REQUIRE(got.ok());
  BOOST_TEST(got->ids == (std::vector<EntityId>{3, 1}), boost::test_tools::per_element());
  BOOST_TEST(got->rows == (std::vector<float>{9, 9, 1, 1}), boost::test_tools::per_element());
}
