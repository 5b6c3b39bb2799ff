#pragma once

// Entity ids, hash slots and the RocksDB key layout of the graph store.
// Keys are fixed-width big-endian, so byte order is numeric order and prefix
// scans (all edges of a node, of a node and a type) are contiguous.
//
//   nodes   id                      -> NodeRecord (packed Cap'n Proto)
//   keys    external key            -> id
//   out     src | type | dst        -> EdgeRecord, or empty without properties
//   in      dst | type | src        -> empty
//   labels  label | id              -> empty
//   meta    "seq"  | slot           -> next sequence number of that slot
//           "type" | type           -> the relation type's name
//           "count"| name           -> a counter (nodes, out, in)
//
// id: the hash slot of the external key in the top 16 bits, a per-slot
// sequence in the low 48. type and label: 64-bit xxHash of the name.

#include <cstdint>
#include <string>
#include <string_view>

namespace ds::storage {

using EntityId = uint64_t;

inline constexpr unsigned kSlotBits = 12;
inline constexpr uint32_t kSlotCount = 1u << kSlotBits;  ///< 4096 hash slots
inline constexpr unsigned kSequenceBits = 48;
inline constexpr uint64_t kMaxSequence = (uint64_t{1} << kSequenceBits) - 1;

/// The slot of an external key: xxHash64 of its bytes, modulo kSlotCount.
uint32_t slot_of_key(std::string_view key);

constexpr uint32_t slot_of_id(EntityId id) { return static_cast<uint32_t>(id >> kSequenceBits); }
constexpr EntityId make_id(uint32_t slot, uint64_t sequence) {
  return (static_cast<uint64_t>(slot) << kSequenceBits) | sequence;
}

/// An id as messages show it: 0x and 16 hex digits.
std::string id_hex(EntityId id);

/// The 64-bit code of a relation type or label name in keys.
uint64_t name_code(std::string_view name);

namespace keys {

inline constexpr std::size_t kIdBytes = 8;
inline constexpr std::size_t kEdgeBytes = 24;

void append_u64(std::string& out, uint64_t value);
/// 8 big-endian bytes: how `meta` stores counters and sequences.
std::string u64_value(uint64_t value);
void append_u32(std::string& out, uint32_t value);
/// Reads 4 big-endian bytes at `offset` (the caller checked the length).
uint32_t read_u32(std::string_view bytes, std::size_t offset = 0);
/// Reads 8 big-endian bytes at `offset` (the caller checked the length).
uint64_t read_u64(std::string_view bytes, std::size_t offset = 0);

std::string node(EntityId id);
/// An `out` key (src, type, dst) or an `in` key (dst, type, src).
std::string edge(EntityId first, uint64_t type, EntityId second);
std::string edge_prefix(EntityId first);
std::string edge_prefix(EntityId first, uint64_t type);
std::string label(uint64_t label, EntityId id);
std::string label_prefix(uint64_t label);

/// A vector: (space code, id) -> dim float32s, little-endian.
std::string vector(uint64_t space, EntityId id);
std::string vector_prefix(uint64_t space);
/// A posting: (term code, id) -> tf and document length, u32 each.
std::string posting(uint64_t term, EntityId id);
std::string posting_prefix(uint64_t term);
/// A term's document frequency in `terms`: term code -> u64.
std::string term(uint64_t term);

/// A vector space's definition in `meta`.
std::string space(std::string_view name);
inline constexpr std::string_view kSpacePrefix = "space";

/// An outbox record: (batch, the shard that owes the writes).
std::string outbox(uint64_t batch, uint32_t shard);

std::string sequence(uint32_t slot);
std::string type_name(uint64_t type);
std::string counter(std::string_view name);
inline constexpr std::string_view kSequencePrefix = "seq";
inline constexpr std::string_view kTypePrefix = "type";
inline constexpr std::string_view kCounterPrefix = "count";

}  // namespace keys
}  // namespace ds::storage
