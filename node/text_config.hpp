#pragma once

// The `text.*` keys as the graph shards and the gateway take them.

#include <memory>

#include "common/result.hpp"
#include "node/config/node_config.hpp"
#include "storage/graph/graph_types.hpp"
#include "storage/text/node_text.hpp"

namespace ds::node {

/// What of a node the shards index (no properties: no full-text index).
storage::NodeTextOptions node_text_options(const TextOptions& text);

storage::Bm25Params bm25_params(const TextOptions& text);

/// The tokenizer the gateway reads text queries with, the shards' twin;
/// null when full text is off. An unknown language is a config_error that
/// names the key.
Result<std::shared_ptr<const storage::Tokenizer>> query_tokenizer(const TextOptions& text);

/// How the query engine's text mode reads a node's text, the index's twin;
/// null when full text is off (and text mode with it).
std::shared_ptr<const storage::NodeText> question_text(const TextOptions& text);

}  // namespace ds::node
