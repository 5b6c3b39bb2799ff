#include "query/exec/graph_source.hpp"

#include <algorithm>

namespace ds::query {

bool passes(const storage::Node& node, const ScanPredicate& predicate) {
  auto found = node.properties.find(predicate.key);
  if (found == node.properties.end()) return false;  // null: no comparison holds
  Datum value = from_value(found->second);
  const Datum& wanted = predicate.value;
  using Op = ast::Op;
  switch (predicate.op) {
    case Op::eq:
      return equals(value, wanted) == Ternary::true_;
    case Op::ne:
      return equals(value, wanted) == Ternary::false_;
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      auto c = compare(value, wanted);
      if (!c) return false;
      if (predicate.op == Op::lt) return *c < 0;
      if (predicate.op == Op::le) return *c <= 0;
      if (predicate.op == Op::gt) return *c > 0;
      return *c >= 0;
    }
    case Op::in: {
      auto* list = wanted.list();
      if (!list) return false;
      return std::any_of(list->begin(), list->end(),
                         [&](const Datum& item) { return equals(value, item) == Ternary::true_; });
    }
    case Op::starts_with:
    case Op::ends_with:
    case Op::contains: {
      auto* s = value.get<std::string>();
      auto* t = wanted.get<std::string>();
      if (!s || !t) return false;
      if (predicate.op == Op::starts_with) return s->starts_with(*t);
      if (predicate.op == Op::ends_with) return s->ends_with(*t);
      return s->find(*t) != std::string::npos;
    }
    default:
      return false;
  }
}

bool passes(const storage::Node& node, const NodeScanRequest& request) {
  for (const auto& label : request.labels)
    if (!std::binary_search(node.labels.begin(), node.labels.end(), label)) return false;
  for (const auto& predicate : request.predicates)
    if (!passes(node, predicate)) return false;
  return true;
}

}  // namespace ds::query
