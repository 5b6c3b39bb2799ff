#pragma once

// Random embedding tables for the scoring and training tests of every
// backend: values in [-0.5, 0.5), RotatE's relation phases spread over
// [-3, 3) radians so that rotations differ. Include from tests only.

#include <random>
#include <vector>

#include "kernels/embedding.hpp"

namespace ds::kernels::testing {

struct Tables {
  EmbeddingSpec spec;
  std::vector<float> entities, relations;
};

inline Tables random_tables(ScoreModel model, uint32_t dim, uint64_t entities,
                            uint64_t relations, uint32_t seed) {
  Tables t;
  t.spec.model = model;
  t.spec.dim = dim;
  t.spec.entities = entities;
  t.spec.relations = relations;
  t.spec.gamma = 6.0f;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-0.5f, 0.5f);
  t.entities.resize(entities * dim);
  t.relations.resize(relations * t.spec.relation_dim());
  for (auto& v : t.entities)
    v = value(rng);
  for (auto& v : t.relations)
    v = value(rng) * (model == ScoreModel::rotate ? 6.0f : 1.0f);
  return t;
}

}  // namespace ds::kernels::testing
