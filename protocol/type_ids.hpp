#pragma once

// Every CAF type id and atom of the project, in one block (CAF assigns ids by
// order: append, never reorder). Types listed here can cross processes once
// configure_actor_system() has registered the block.

#include <caf/atom.hpp>
#include <caf/type_id.hpp>

#include "protocol/wire/envelope.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(deepseek, caf::first_custom_type_id)

CAF_ADD_TYPE_ID(deepseek, (ds::wire::Envelope))

// Lifecycle of a node (node).
CAF_ADD_ATOM(deepseek, ds, health_atom, "health")
CAF_ADD_ATOM(deepseek, ds, ready_atom, "ready")
CAF_ADD_ATOM(deepseek, ds, drain_atom, "drain")
// Supervision: the current handle of a named child.
CAF_ADD_ATOM(deepseek, ds, whereis_atom, "whereis")
// Graph shards (actors/graph_shard).
CAF_ADD_ATOM(deepseek, ds, write_atom, "write")
CAF_ADD_ATOM(deepseek, ds, lookup_atom, "lookup")
CAF_ADD_ATOM(deepseek, ds, expand_atom, "expand")
CAF_ADD_ATOM(deepseek, ds, stats_atom, "stats")
CAF_ADD_ATOM(deepseek, ds, outbox_atom, "outbox")
// The gateway's graph requests (actors/gateway).
CAF_ADD_ATOM(deepseek, ds, import_atom, "import")
CAF_ADD_ATOM(deepseek, ds, neighbours_atom, "neighbours")
CAF_ADD_ATOM(deepseek, ds, repair_atom, "repair")

// Vector shards (actors/vector_shard).
CAF_ADD_ATOM(deepseek, ds, apply_atom, "apply")
CAF_ADD_ATOM(deepseek, ds, search_atom, "search")
CAF_ADD_ATOM(deepseek, ds, flush_atom, "flush")

// Coalesced shard reads (schema/graph.capnp ShardReadBatch).
CAF_ADD_ATOM(deepseek, ds, read_batch_atom, "readBatch")

// The gateway's vector requests (actors/gateway).
CAF_ADD_ATOM(deepseek, ds, define_atom, "define")
CAF_ADD_ATOM(deepseek, ds, spaces_atom, "spaces")
CAF_ADD_ATOM(deepseek, ds, drop_atom, "drop")
CAF_ADD_ATOM(deepseek, ds, upsert_atom, "upsert")
CAF_ADD_ATOM(deepseek, ds, erase_atom, "erase")

// Full-text search (actors/gateway/text_search.cpp).
CAF_ADD_ATOM(deepseek, ds, text_stats_atom, "textStats")
CAF_ADD_ATOM(deepseek, ds, text_search_atom, "textSearch")

// Queries (actors/query_engine): the request, and the shard reads it adds.
CAF_ADD_ATOM(deepseek, ds, infer_atom, "infer")
CAF_ADD_ATOM(deepseek, ds, scan_atom, "scan")
CAF_ADD_ATOM(deepseek, ds, edge_props_atom, "edgeProps")
CAF_ADD_ATOM(deepseek, ds, vector_of_atom, "vectorOf")
CAF_ADD_ATOM(deepseek, ds, reserve_atom, "reserve")

// Compute units (actors/compute_unit): bases resident on a device.
CAF_ADD_ATOM(deepseek, ds, upload_atom, "upload")

CAF_END_TYPE_ID_BLOCK(deepseek)
