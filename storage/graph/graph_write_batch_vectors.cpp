// GraphWriteBatch: vector spaces and vectors (nodes, edges, the outbox and
// the commit are in graph_write_batch.cpp).

#include "storage/graph/graph_records.hpp"
#include "storage/graph/graph_store_state.hpp"
#include "storage/graph/graph_write_batch.hpp"

namespace ds::storage {

Result<std::optional<VectorSpaceSpec>> GraphWriteBatch::find_space(std::string_view name) {
  if (auto changed = space_changes_.find(name); changed != space_changes_.end())
    return changed->second;
  if (auto known = store_.spaces.find(name); known != store_.spaces.end())
    return std::optional<VectorSpaceSpec>{known->second};
  return std::optional<VectorSpaceSpec>{};
}

Result<void> GraphWriteBatch::put_space(const VectorSpaceSpec& spec) {
  if (auto fields = check_fields(spec); !fields) return fields;
  auto existing = find_space(spec.name);
  if (!existing) return existing.error();
  if (*existing) {
    auto encoded = encode_space(spec);
    if (encode_space(**existing) == encoded) return {};
    return make_error(errc::already_exists, "vector space \"" + spec.name + "\" exists with dim " +
                                                std::to_string((*existing)->dim) + ", metric " +
                                                std::string(to_string((*existing)->metric)) +
                                                ", index " + (*existing)->index + ", device " +
                                                std::string(to_string((*existing)->device)) +
                                                "; delete it first to change it");
  }
  put(store_.meta, keys::space(spec.name), encode_space(spec));
  space_changes_[spec.name] = spec;
  return {};
}

Result<void> GraphWriteBatch::delete_space(std::string_view name) {
  auto existing = find_space(name);
  if (!existing) return existing.error();
  if (!*existing)
    return make_error(errc::not_found, "no vector space \"" + std::string(name) + "\"");
  auto vectors = keys_with_prefix(store_.vectors, keys::vector_prefix(name_code(name)));
  if (!vectors) return vectors.error();
  for (const auto& key : *vectors)
    erase(store_.vectors, key);
  erase(store_.meta, keys::space(name));
  space_changes_[std::string(name)] = std::nullopt;
  vectors_changed_ = true;
  return {};
}

Result<void> GraphWriteBatch::put_vector(std::string_view space, EntityId id,
                                         std::span<const float> vector) {
  auto spec = find_space(space);
  if (!spec) return spec.error();
  if (!*spec) return make_error(errc::not_found, "no vector space \"" + std::string(space) + "\"");
  if (vector.size() != (*spec)->dim)
    return make_error(errc::invalid_argument,
                      "space \"" + std::string(space) + "\" has dimension " +
                          std::to_string((*spec)->dim) + "; the vector has " +
                          std::to_string(vector.size()) + " numbers");
  if (auto r = require_node(id, "vector's"); !r) return r;
  put(store_.vectors, keys::vector(name_code(space), id),
      encode_vector(store_.vector_version + 1, vector));
  vectors_changed_ = true;
  return {};
}

Result<bool> GraphWriteBatch::delete_vector(std::string_view space, EntityId id) {
  auto key = keys::vector(name_code(space), id);
  auto existing = read(store_.vectors, key);
  if (!existing) return existing.error();
  if (!*existing) return false;
  erase(store_.vectors, key);
  vectors_changed_ = true;
  return true;
}

}  // namespace ds::storage
