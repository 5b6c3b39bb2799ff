// libFuzzer target for the Cypher parser (query/syntax). Any input must
// parse or be refused with a positioned error, without crashing or hanging;
// what parses must survive a round trip: written back with ast::to_cypher,
// it parses again to the same text. Built and run by run_query_parser_fuzz.sh.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "query/syntax/ast_format.hpp"
#include "query/syntax/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ds::query::parse(text);
  if (!parsed.ok()) {
    // Every refusal carries a message and (for text it could read) a
    // position inside the text.
    const auto& error = parsed.error();
    if (error.message.empty()) std::abort();
    if (error.pos && error.pos->offset > size) std::abort();
    (void)ds::query::describe(error, text);
    return 0;
  }
  auto written = ds::query::ast::to_cypher(parsed.value());
  // The writer parenthesizes every operator, which nests deeper than the
  // input did: give the second parse room for that.
  ds::query::ParseOptions roomy;
  roomy.max_depth = 1000;
  auto again = ds::query::parse(written, roomy);
  if (!again.ok() || ds::query::ast::to_cypher(again.value()) != written) std::abort();
  return 0;
}
