#include "storage/graph/graph_keys.hpp"

#include <xxhash.h>

namespace ds::storage {
namespace {

// Fixed seeds: the codes are part of the on-disk format.
constexpr XXH64_hash_t kSlotSeed = 0;
constexpr XXH64_hash_t kNameSeed = 0x6473'6772'6170'6821;  // "dsgraph!"

}  // namespace

uint32_t slot_of_key(std::string_view key) {
  return static_cast<uint32_t>(XXH64(key.data(), key.size(), kSlotSeed) % kSlotCount);
}

std::string id_hex(EntityId id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 60; shift >= 0; shift -= 4)
    out.push_back(kDigits[(id >> shift) & 0xf]);
  return out;
}

uint64_t name_code(std::string_view name) { return XXH64(name.data(), name.size(), kNameSeed); }

namespace keys {

void append_u64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>(value >> shift));
}

std::string u64_value(uint64_t value) {
  std::string out;
  append_u64(out, value);
  return out;
}

void append_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

uint32_t read_u32(std::string_view bytes, std::size_t offset) {
  uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<uint8_t>(bytes[offset + i]);
  return value;
}

uint64_t read_u64(std::string_view bytes, std::size_t offset) {
  uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i)
    value = (value << 8) | static_cast<uint8_t>(bytes[offset + i]);
  return value;
}

std::string node(EntityId id) {
  std::string key;
  append_u64(key, id);
  return key;
}

std::string edge(EntityId first, uint64_t type, EntityId second) {
  std::string key;
  key.reserve(kEdgeBytes);
  append_u64(key, first);
  append_u64(key, type);
  append_u64(key, second);
  return key;
}

std::string edge_prefix(EntityId first) { return node(first); }

std::string vector(uint64_t space, EntityId id) {
  std::string key;
  key.reserve(16);
  append_u64(key, space);
  append_u64(key, id);
  return key;
}

std::string vector_prefix(uint64_t space) { return node(space); }

std::string posting(uint64_t term, EntityId id) { return vector(term, id); }
std::string posting_prefix(uint64_t term) { return node(term); }
std::string term(uint64_t term) { return node(term); }

std::string space(std::string_view name) { return std::string(kSpacePrefix) + std::string(name); }

std::string outbox(uint64_t batch, uint32_t shard) {
  std::string key;
  key.reserve(12);
  append_u64(key, batch);
  append_u32(key, shard);
  return key;
}

std::string edge_prefix(EntityId first, uint64_t type) {
  std::string key = node(first);
  append_u64(key, type);
  return key;
}

std::string label(uint64_t label, EntityId id) {
  std::string key;
  append_u64(key, label);
  append_u64(key, id);
  return key;
}

std::string label_prefix(uint64_t label) { return node(label); }

std::string sequence(uint32_t slot) {
  std::string key(kSequencePrefix);
  key.push_back(static_cast<char>(slot >> 8));
  key.push_back(static_cast<char>(slot));
  return key;
}

std::string type_name(uint64_t type) {
  std::string key(kTypePrefix);
  append_u64(key, type);
  return key;
}

std::string counter(std::string_view name) {
  return std::string(kCounterPrefix) + std::string(name);
}

}  // namespace keys
}  // namespace ds::storage
