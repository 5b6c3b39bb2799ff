#pragma once

// The demo's `text` vector space: every WordNet synset's text (its
// `text.properties`, as the full-text index has it) encoded by the built-in
// TextEncoder (storage/text/text_encoder.hpp: 256 dimensions, unit length,
// cosine), so a fresh install answers semantic-looking queries with no model
// download. Built after the graph import, when every document is known: the
// idf weights are the document frequencies over the same texts, which on the
// demo's data_dir are the full-text index's, so a query encoded at the
// gateway with the index's statistics lands in the same space.
//
// The space is Flat (exact): 117,659 x 256 floats is 120 MB, a query scans it
// in milliseconds, and the index needs no training or graph building at start.

#include <cstdint>
#include <functional>

#include <caf/actor_system.hpp>

#include "common/result.hpp"
#include "node/config/node_config.hpp"
#include "node/gateway_child.hpp"

namespace ds::node {

/// Defines the space (again: no change) and upserts every synset's vector
/// through the gateway. Returns how many; `cancelled` is asked between
/// batches. Does nothing (0) when text.properties is empty.
Result<uint64_t> build_demo_text_space(caf::actor_system& system, const CurrentGateway& gateway,
                                       const NodeConfig& config,
                                       const std::function<bool()>& cancelled);

}  // namespace ds::node
