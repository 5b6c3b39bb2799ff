#include "storage/text/node_text.hpp"

namespace ds::storage {
namespace {

void append_text(const Value& value, std::string& out) {
  if (const auto* text = std::get_if<std::string>(&value.data)) {
    if (!out.empty()) out += '\n';
    out += *text;
  } else if (const auto* list = std::get_if<Value::List>(&value.data)) {
    for (const auto& item : *list)
      if (std::holds_alternative<std::string>(item.data)) append_text(item, out);
  }
}

}  // namespace

Result<std::unique_ptr<NodeText>> NodeText::create(NodeTextOptions options) {
  auto tokenizer = Tokenizer::create(options.tokenizer);
  if (!tokenizer) return tokenizer.error();
  return std::unique_ptr<NodeText>(new NodeText(std::move(options), std::move(tokenizer).value()));
}

std::string NodeText::text(const Properties& properties) const {
  std::string out;
  for (const auto& name : options_.properties)
    if (auto found = properties.find(name); found != properties.end())
      append_text(found->second, out);
  return out;
}

}  // namespace ds::storage
