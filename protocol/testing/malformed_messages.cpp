#include "protocol/testing/malformed_messages.hpp"

#include <random>

#include <capnp/schema.h>

#include "protocol/wire/build.hpp"
#include "schema/gateway.capnp.h"

namespace ds::testing {
namespace {

using Word = uint64_t;

// Cap'n Proto pointer encodings (see the encoding spec): the low two bits say
// the kind, then a signed 30-bit offset in words from the end of the pointer.
Word struct_pointer(int32_t offset, uint16_t data_words, uint16_t pointers) {
  return (static_cast<Word>(static_cast<uint32_t>(offset) << 2) & 0xffffffffu) |
         (static_cast<Word>(data_words) << 32) | (static_cast<Word>(pointers) << 48);
}

Word composite_list_pointer(int32_t offset, uint32_t words) {
  return ((static_cast<Word>(static_cast<uint32_t>(offset) << 2) | 1u) & 0xffffffffu) |
         (static_cast<Word>(7) << 32) | (static_cast<Word>(words) << 35);
}

wire::Envelope from_segment(const std::vector<Word>& segment) {
  std::vector<Word> flat;
  flat.push_back(static_cast<Word>(segment.size()) << 32);  // one segment of this many words
  flat.insert(flat.end(), segment.begin(), segment.end());
  return wire::Envelope::from_bytes(flat.data(), flat.size() * sizeof(Word)).value();
}

}  // namespace

wire::Envelope nested_ping(int depth) {
  return wire::build<schema::PingRequest>([&](schema::PingRequest::Builder ping) {
    auto value = ping.initPayload();
    for (int i = 0; i < depth; ++i)
      value = value.initList(1)[0];
    value.setText("bottom");
  });
}

wire::Envelope pointer_loop_ping() {
  // Layout and union tag of Value come from its schema, not from guesses.
  auto value_schema = capnp::Schema::from<schema::Value>();
  auto node = value_schema.getProto().getStruct();
  const uint16_t data = node.getDataWordCount();
  const uint16_t ptrs = node.getPointerCount();
  auto list_field = value_schema.getFieldByName("list").getProto();
  const uint16_t list_tag = list_field.getDiscriminantValue();
  const uint32_t list_slot = list_field.getSlot().getOffset();
  const uint32_t tag_bit = node.getDiscriminantOffset() * 16;

  auto set_tag = [&](std::vector<Word>& seg, std::size_t value_at) {
    seg[value_at + tag_bit / 64] |= static_cast<Word>(list_tag) << (tag_bit % 64);
  };
  // 0: root -> PingRequest at 1 (no data, 2 pointers: header, payload)
  // 3: the payload Value V; its list pointer -> the list tag at T
  // T+1: the list's only element E, whose list pointer -> T again
  const std::size_t v = 3, t = v + data + ptrs, e = t + 1;
  std::vector<Word> seg(e + data + ptrs, 0);
  seg[0] = struct_pointer(0, 0, 2);
  seg[2] = struct_pointer(0, data, ptrs);
  set_tag(seg, v);
  auto v_list = v + data + list_slot;
  seg[v_list] = composite_list_pointer(static_cast<int32_t>(t - (v_list + 1)), data + ptrs);
  seg[t] = struct_pointer(1, data, ptrs);  // list tag: one element
  set_tag(seg, e);
  auto e_list = e + data + list_slot;
  seg[e_list] = composite_list_pointer(static_cast<int32_t>(t) - static_cast<int32_t>(e_list + 1),
                                       data + ptrs);
  return from_segment(seg);
}

std::vector<MalformedCase> truncations_of(const wire::Envelope& valid) {
  std::vector<MalformedCase> cases;
  auto words = valid.words();
  for (std::size_t n = 1; n < words.size(); ++n)
    cases.push_back({"truncated to " + std::to_string(n) + " words",
                     wire::Envelope::from_bytes(words.begin(), n * sizeof(capnp::word)).value()});
  return cases;
}

std::vector<MalformedCase> random_envelopes(std::size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<MalformedCase> cases;
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<Word> words(1 + rng() % 32);
    for (auto& w : words)
      w = rng();
    if (i % 2 == 0) words[0] &= 0x0000ffff00000000u;  // plausible one-segment table
    cases.push_back(
        {"random #" + std::to_string(i),
         wire::Envelope::from_bytes(words.data(), words.size() * sizeof(Word)).value()});
  }
  return cases;
}

std::vector<MalformedCase> malformed_pings() {
  std::vector<MalformedCase> cases;
  cases.push_back({"empty", wire::Envelope{}});
  cases.push_back({"pointer loop", pointer_loop_ping()});
  cases.push_back({"nested 200 deep", nested_ping(200)});
  auto truncated = truncations_of(nested_ping(3));
  cases.push_back(truncated[truncated.size() / 2]);
  auto random = random_envelopes(4);
  cases.insert(cases.end(), random.begin(), random.end());
  return cases;
}

}  // namespace ds::testing
