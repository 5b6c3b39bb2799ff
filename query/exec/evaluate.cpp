#include "query/exec/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::query {

QueryError type_mismatch(std::string_view what, std::string_view expected, const Datum& got,
                         SourcePos pos) {
  return QueryError{QueryErrc::type_error,
                    std::string(what) + " expects " + std::string(expected) + ", got " +
                        std::string(type_name(got)) + " (" + to_display(got) + ")",
                    pos};
}

namespace {

using Op = ast::Op;
using K = Expression::Kind;

QueryError runtime(std::string message, SourcePos pos) {
  return QueryError{QueryErrc::runtime_error, std::move(message), pos};
}

Datum from_ternary(Ternary t) {
  if (t == Ternary::null) return {};
  return t == Ternary::true_;
}

/// A boolean operand of AND/OR/XOR/NOT: true, false, or null.
QueryResult<Ternary> truth(const Datum& value, const Expression& expr) {
  if (value.is_null()) return Ternary::null;
  if (auto* b = value.get<bool>()) return *b ? Ternary::true_ : Ternary::false_;
  return type_mismatch(std::string(ast::spelling(expr.op)), "a BOOLEAN", value, expr.pos);
}

QueryResult<Datum> arithmetic(Op op, const Datum& a, const Datum& b, SourcePos pos) {
  auto* ai = a.get<int64_t>();
  auto* bi = b.get<int64_t>();
  if (ai && bi) {
    int64_t out = 0;
    switch (op) {
      case Op::add:
        if (__builtin_add_overflow(*ai, *bi, &out)) return runtime("integer overflow in +", pos);
        return out;
      case Op::subtract:
        if (__builtin_sub_overflow(*ai, *bi, &out)) return runtime("integer overflow in -", pos);
        return out;
      case Op::multiply:
        if (__builtin_mul_overflow(*ai, *bi, &out)) return runtime("integer overflow in *", pos);
        return out;
      case Op::divide:
      case Op::modulo:
        if (*bi == 0) return runtime("division by zero", pos);
        if (*ai == std::numeric_limits<int64_t>::min() && *bi == -1)
          return runtime("integer overflow in /", pos);
        return op == Op::divide ? *ai / *bi : *ai % *bi;
      case Op::power:
        return std::pow(static_cast<double>(*ai), static_cast<double>(*bi));
      default:
        break;
    }
  }
  double x = a.number(), y = b.number();
  switch (op) {
    case Op::add:
      return x + y;
    case Op::subtract:
      return x - y;
    case Op::multiply:
      return x * y;
    case Op::divide:
      return x / y;
    case Op::modulo:
      return std::fmod(x, y);
    case Op::power:
      return std::pow(x, y);
    default:
      return runtime("not an arithmetic operator", pos);
  }
}

/// `+` beyond numbers: strings concatenate (with numbers too), lists
/// concatenate or take an element.
QueryResult<Datum> add(const Datum& a, const Datum& b, SourcePos pos) {
  if (a.is_number() && b.is_number()) return arithmetic(Op::add, a, b, pos);
  auto* as = a.get<std::string>();
  auto* bs = b.get<std::string>();
  if (as && bs) return *as + *bs;
  if (as && b.is_number()) return *as + to_display(b);
  if (bs && a.is_number()) return to_display(a) + *bs;
  auto* al = a.list();
  auto* bl = b.list();
  if (al || bl) {
    Datum::List out;
    if (al)
      out = *al;
    else
      out.push_back(a);
    if (bl)
      out.insert(out.end(), bl->begin(), bl->end());
    else
      out.push_back(b);
    return out;
  }
  return QueryError{QueryErrc::type_error,
                    "cannot add " + std::string(type_name(a)) + " and " + std::string(type_name(b)),
                    pos};
}

QueryResult<Datum> membership(const Datum& item, const Datum& list, SourcePos pos) {
  if (list.is_null()) return Datum{};
  auto* items = list.list();
  if (!items) return type_mismatch("IN", "a LIST on its right", list, pos);
  bool unknown = false;
  for (const auto& candidate : *items) {
    auto e = equals(item, candidate);
    if (e == Ternary::true_) return true;
    if (e == Ternary::null) unknown = true;
  }
  if (unknown) return Datum{};
  return false;
}

QueryResult<Datum> string_predicate(Op op, const Datum& a, const Datum& b) {
  auto* s = a.get<std::string>();
  auto* t = b.get<std::string>();
  if (!s || !t) return Datum{};  // null, and not a string: no verdict
  switch (op) {
    case Op::starts_with:
      return s->starts_with(*t);
    case Op::ends_with:
      return s->ends_with(*t);
    default:
      return s->find(*t) != std::string::npos;
  }
}

QueryResult<Datum> binary(const Expression& expr, const Row& row, const EvalContext& context) {
  auto left = evaluate(expr.args[0], row, context);
  if (!left) return left;
  // AND and OR decide on their left side alone when they can.
  if (expr.op == Op::and_ || expr.op == Op::or_ || expr.op == Op::xor_) {
    auto l = truth(*left, expr);
    if (!l) return std::move(l).error();
    if (expr.op == Op::and_ && *l == Ternary::false_) return false;
    if (expr.op == Op::or_ && *l == Ternary::true_) return true;
    auto right = evaluate(expr.args[1], row, context);
    if (!right) return right;
    auto r = truth(*right, expr);
    if (!r) return std::move(r).error();
    if (expr.op == Op::xor_) {
      if (*l == Ternary::null || *r == Ternary::null) return Datum{};
      return *l != *r;
    }
    if (expr.op == Op::and_) {
      if (*r == Ternary::false_) return false;
      if (*l == Ternary::null || *r == Ternary::null) return Datum{};
      return true;
    }
    if (*r == Ternary::true_) return true;
    if (*l == Ternary::null || *r == Ternary::null) return Datum{};
    return false;
  }
  auto right = evaluate(expr.args[1], row, context);
  if (!right) return right;
  const Datum& a = *left;
  const Datum& b = *right;
  switch (expr.op) {
    case Op::eq:
      return from_ternary(equals(a, b));
    case Op::ne: {
      auto e = equals(a, b);
      return e == Ternary::null ? Datum{} : Datum{e == Ternary::false_};
    }
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      auto c = compare(a, b);
      if (!c) return Datum{};
      if (expr.op == Op::lt) return *c < 0;
      if (expr.op == Op::le) return *c <= 0;
      if (expr.op == Op::gt) return *c > 0;
      return *c >= 0;
    }
    case Op::in:
      return membership(a, b, expr.pos);
    case Op::starts_with:
    case Op::ends_with:
    case Op::contains:
      return string_predicate(expr.op, a, b);
    default:
      break;
  }
  if (a.is_null() || b.is_null()) return Datum{};
  if (expr.op == Op::add) return add(a, b, expr.pos);
  if (!a.is_number() || !b.is_number())
    return QueryError{QueryErrc::type_error,
                      std::string(ast::spelling(expr.op)) + " expects numbers, got " +
                          std::string(type_name(a)) + " and " + std::string(type_name(b)),
                      expr.pos};
  return arithmetic(expr.op, a, b, expr.pos);
}

QueryResult<Datum> unary(const Expression& expr, const Row& row, const EvalContext& context) {
  auto operand = evaluate(expr.args[0], row, context);
  if (!operand) return operand;
  const Datum& v = *operand;
  switch (expr.op) {
    case Op::is_null:
      return v.is_null();
    case Op::is_not_null:
      return !v.is_null();
    case Op::not_: {
      auto t = truth(v, expr);
      if (!t) return std::move(t).error();
      if (*t == Ternary::null) return Datum{};
      return *t == Ternary::false_;
    }
    default:
      break;
  }
  if (v.is_null()) return Datum{};
  if (!v.is_number())
    return type_mismatch("unary " + std::string(ast::spelling(expr.op)), "a number", v, expr.pos);
  if (expr.op == Op::identity) return v;
  if (auto* i = v.get<int64_t>()) {
    if (*i == std::numeric_limits<int64_t>::min())
      return runtime("integer overflow in -", expr.pos);
    return -*i;
  }
  return -v.number();
}

const Properties* properties_of(const Datum& value) {
  if (auto* node = value.get<NodeValue>()) return node->data ? &node->data->properties : nullptr;
  if (auto* rel = value.get<RelValue>()) return rel->properties.get();
  return nullptr;
}

QueryResult<Datum> lookup(const Datum& target, std::string_view key, const Expression& expr) {
  if (target.is_null()) return Datum{};
  if (auto* map = target.map_entries()) {
    for (const auto& [name, value] : *map)
      if (name == key) return value;
    return Datum{};
  }
  if (target.get<NodeValue>() || target.get<RelValue>()) {
    const auto* properties = properties_of(target);
    if (!properties)
      return QueryError{QueryErrc::runtime_error,
                        "internal: the properties of " + to_display(target) + " were not loaded",
                        expr.pos};
    auto found = properties->find(key);
    return found == properties->end() ? Datum{} : from_value(found->second);
  }
  return type_mismatch("reading the key '" + std::string(key) + "'", "a NODE, RELATIONSHIP or MAP",
                       target, expr.pos);
}

/// `value`, a node startNode or endNode gave, with its contents when the
/// query has loaded them (the planner sees to it that it has).
void fill_node(Datum& value, const EvalContext& context) {
  auto* node = std::get_if<NodeValue>(&value.data);
  if (!node || node->data || !context.nodes) return;
  auto found = context.nodes->find(node->id);
  if (found != context.nodes->end()) node->data = found->second;
}

/// A list position: negative counts from the end; clamp for slices.
int64_t position(int64_t i, int64_t size) { return i < 0 ? i + size : i; }

QueryResult<Datum> index(const Expression& expr, const Row& row, const EvalContext& context) {
  auto target = evaluate(expr.args[0], row, context);
  if (!target) return target;
  auto at = evaluate(expr.args[1], row, context);
  if (!at) return at;
  if (target->is_null() || at->is_null()) return Datum{};
  if (auto* list = target->list()) {
    auto* i = at->get<int64_t>();
    if (!i) return type_mismatch("a list index", "an INTEGER", *at, expr.args[1].pos);
    auto size = static_cast<int64_t>(list->size());
    auto p = position(*i, size);
    if (p < 0 || p >= size) return Datum{};
    return (*list)[static_cast<std::size_t>(p)];
  }
  auto* key = at->get<std::string>();
  if (!key) return type_mismatch("a map or property key", "a STRING", *at, expr.args[1].pos);
  return lookup(*target, *key, expr);
}

QueryResult<Datum> slice(const Expression& expr, const Row& row, const EvalContext& context) {
  auto target = evaluate(expr.args[0], row, context);
  if (!target) return target;
  if (target->is_null()) return Datum{};
  auto* list = target->list();
  if (!list) return type_mismatch("a slice", "a LIST", *target, expr.pos);
  auto size = static_cast<int64_t>(list->size());
  int64_t bounds[2] = {0, size};
  for (int side = 0; side < 2; ++side) {
    if (side == 0 ? expr.open_from : expr.open_to) continue;
    auto bound = evaluate(expr.args[1 + side], row, context);
    if (!bound) return bound;
    if (bound->is_null()) return Datum{};
    auto* i = bound->get<int64_t>();
    if (!i) return type_mismatch("a slice bound", "an INTEGER", *bound, expr.args[1 + side].pos);
    bounds[side] = std::clamp<int64_t>(position(*i, size), 0, size);
  }
  if (bounds[0] >= bounds[1]) return Datum{Datum::List{}};
  return Datum{Datum::List(list->begin() + bounds[0], list->begin() + bounds[1])};
}

QueryResult<Datum> has_labels(const Expression& expr, const Row& row, const EvalContext& context) {
  auto target = evaluate(expr.args[0], row, context);
  if (!target) return target;
  if (target->is_null()) return Datum{};
  auto* node = target->get<NodeValue>();
  if (!node) return type_mismatch("a label test", "a NODE", *target, expr.pos);
  if (!node->data)
    return runtime("internal: the labels of " + to_display(*target) + " were not loaded", expr.pos);
  for (const auto& label : expr.names)
    if (std::find(node->data->labels.begin(), node->data->labels.end(), label) ==
        node->data->labels.end())
      return false;
  return true;
}

}  // namespace

QueryResult<Datum> evaluate(const Expression& expr, const Row& row, const EvalContext& context) {
  switch (expr.kind) {
    case K::constant:
      return expr.constant;
    case K::parameter: {
      if (context.parameters) {
        auto found = context.parameters->find(expr.name);
        if (found != context.parameters->end()) return found->second;
      }
      return QueryError{QueryErrc::parameter_error,
                        "the parameter $" + expr.name + " is not given: add it to \"params\"",
                        expr.pos};
    }
    case K::slot:
      return expr.slot < row.size() ? row[expr.slot] : Datum{};
    case K::property: {
      auto target = evaluate(expr.args[0], row, context);
      if (!target) return target;
      return lookup(*target, expr.name, expr);
    }
    case K::index:
      return index(expr, row, context);
    case K::slice:
      return slice(expr, row, context);
    case K::list: {
      Datum::List items;
      items.reserve(expr.args.size());
      for (const auto& arg : expr.args) {
        auto item = evaluate(arg, row, context);
        if (!item) return item;
        items.push_back(std::move(item).value());
      }
      return Datum{std::move(items)};
    }
    case K::map: {
      Datum::Map entries;
      for (std::size_t i = 0; i < expr.args.size(); ++i) {
        auto item = evaluate(expr.args[i], row, context);
        if (!item) return item;
        entries.emplace_back(expr.names[i], std::move(item).value());
      }
      return Datum::map(std::move(entries));
    }
    case K::function: {
      // coalesce evaluates only up to its first non-null argument.
      if (expr.function == Function::coalesce) {
        for (const auto& arg : expr.args) {
          auto value = evaluate(arg, row, context);
          if (!value || !value->is_null()) return value;
        }
        return Datum{};
      }
      std::vector<Datum> args;
      args.reserve(expr.args.size());
      for (const auto& arg : expr.args) {
        auto value = evaluate(arg, row, context);
        if (!value) return value;
        args.push_back(std::move(value).value());
      }
      auto result = call_function(expr.function, args, expr.pos);
      if (result && is_endpoint_function(expr.function)) fill_node(*result, context);
      return result;
    }
    case K::has_labels:
      return has_labels(expr, row, context);
    case K::unary:
      return unary(expr, row, context);
    case K::binary:
      return binary(expr, row, context);
  }
  return runtime("internal: unknown expression", expr.pos);
}

QueryResult<bool> holds(const Expression& expr, const Row& row, const EvalContext& context) {
  auto value = evaluate(expr, row, context);
  if (!value) return std::move(value).error();
  if (value->is_null()) return false;
  if (auto* b = value->get<bool>()) return *b;
  return type_mismatch("WHERE", "a BOOLEAN", *value, expr.pos);
}

}  // namespace ds::query
