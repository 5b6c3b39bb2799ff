#include "kernels/embedding.hpp"

#include <string>

#include "kernels/backend.hpp"

namespace ds::kernels {

std::string_view to_string(ScoreModel model) {
  switch (model) {
    case ScoreModel::transe_l1:
      return "transe_l1";
    case ScoreModel::transe_l2:
      return "transe_l2";
    case ScoreModel::distmult:
      return "distmult";
    case ScoreModel::complex:
      return "complex";
    case ScoreModel::rotate:
      return "rotate";
  }
  return "?";
}

Result<ScoreModel> parse_score_model(std::string_view text) {
  for (auto m : {ScoreModel::transe_l1, ScoreModel::transe_l2, ScoreModel::distmult,
                 ScoreModel::complex, ScoreModel::rotate})
    if (text == to_string(m)) return m;
  return make_error(errc::invalid_argument,
                    "model: expected transe_l1, transe_l2, distmult, complex or rotate, got \"" +
                        std::string(text) + "\"");
}

Result<void> check_spec(const EmbeddingSpec& spec) {
  if (spec.dim == 0) return make_error(errc::invalid_argument, "dim: expected at least 1, got 0");
  bool complex_rows = spec.model == ScoreModel::complex || spec.model == ScoreModel::rotate;
  if (complex_rows && spec.dim % 2 != 0)
    return make_error(errc::invalid_argument,
                      "dim: " + std::string(to_string(spec.model)) +
                          " reads rows as complex numbers and needs an even width, got " +
                          std::to_string(spec.dim));
  if (spec.entities == 0 || spec.entities > UINT32_MAX)
    return make_error(errc::invalid_argument,
                      "entities: expected 1..2^32-1, got " + std::to_string(spec.entities));
  if (spec.relations == 0 || spec.relations > UINT32_MAX)
    return make_error(errc::invalid_argument,
                      "relations: expected 1..2^32-1, got " + std::to_string(spec.relations));
  return {};
}

namespace {

Result<void> check_entity(const EmbeddingSpec& spec, uint32_t row, const char* field) {
  if (row < spec.entities) return {};
  return make_error(errc::invalid_argument, std::string(field) + ": entity row " +
                                                std::to_string(row) + " is past the table's " +
                                                std::to_string(spec.entities));
}

}  // namespace

Result<void> check_tables(const EmbeddingSpec& spec, std::span<const float> entities,
                          std::span<const float> relations) {
  if (auto ok = check_spec(spec); !ok) return ok;
  if (entities.size() != spec.entities * spec.dim)
    return make_error(errc::invalid_argument, "entities: expected " +
                                                  std::to_string(spec.entities) + " x " +
                                                  std::to_string(spec.dim) + " values, got " +
                                                  std::to_string(entities.size()));
  if (relations.size() != spec.relations * spec.relation_dim())
    return make_error(errc::invalid_argument,
                      "relations: expected " + std::to_string(spec.relations) + " x " +
                          std::to_string(spec.relation_dim()) + " values, got " +
                          std::to_string(relations.size()));
  return {};
}

Result<void> check_batch(const EmbeddingSpec& spec, const TrainBatch& batch) {
  if (batch.chunk_size == 0 || batch.positives.size() % batch.chunk_size != 0)
    return make_error(errc::invalid_argument,
                      "chunk_size: " + std::to_string(batch.chunk_size) + " does not divide the " +
                          std::to_string(batch.positives.size()) + " positives");
  std::size_t chunks = batch.positives.size() / batch.chunk_size;
  if (batch.negatives_per_chunk == 0 ||
      batch.negatives.size() != chunks * batch.negatives_per_chunk)
    return make_error(errc::invalid_argument,
                      "negatives: expected " + std::to_string(chunks) + " chunks x " +
                          std::to_string(batch.negatives_per_chunk) + " rows, got " +
                          std::to_string(batch.negatives.size()));
  if (auto ok = check_triples(spec, batch.positives); !ok) return ok;
  for (auto n : batch.negatives)
    if (auto ok = check_entity(spec, n, "negatives"); !ok) return ok;
  return {};
}

Result<void> check_triples(const EmbeddingSpec& spec, std::span<const Triple> triples,
                           bool check_tails) {
  for (const auto& t : triples) {
    if (auto ok = check_entity(spec, t.head, "head"); !ok) return ok;
    if (check_tails)
      if (auto ok = check_entity(spec, t.tail, "tail"); !ok) return ok;
    if (t.relation >= spec.relations)
      return make_error(errc::invalid_argument, "relation: row " + std::to_string(t.relation) +
                                                    " is past the table's " +
                                                    std::to_string(spec.relations));
  }
  return {};
}

Result<void> check_prediction(const EmbeddingSpec& spec, std::span<const Triple> queries,
                              std::size_t k, const std::vector<uint32_t>* candidates) {
  if (k < 1 || k > kMaxK)
    return make_error(errc::invalid_argument,
                      "k: expected 1.." + std::to_string(kMaxK) + ", got " + std::to_string(k));
  if (auto ok = check_triples(spec, queries, false); !ok) return ok;
  if (candidates != nullptr)
    for (auto row : *candidates)
      if (auto ok = check_entity(spec, row, "candidates"); !ok) return ok;
  return {};
}

}  // namespace ds::kernels
