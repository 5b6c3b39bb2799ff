// MATCH and OPTIONAL MATCH: patterns to scans and expansions.
//
// Each path pattern is a chain of nodes and relationships. The planner
// starts a chain at a node already bound, else at the node with the most
// selective scan (equality on a property, then other pushable comparisons,
// then labels), and expands outwards in both directions, one hop (or one
// variable-length segment) at a time. Every predicate of the MATCH (labels
// and property maps of the pattern, and the WHERE's conjuncts) is applied as
// soon as the slots it reads are bound; the ones on the start node that a
// store can evaluate are pushed into the scan.

#include <algorithm>
#include <optional>
#include <set>

#include "query/plan/planner_state.hpp"

namespace ds::query::detail {
namespace {

using K = Expression::Kind;
using Op = ast::Op;

struct ChainRel {
  const ast::RelPattern* ast = nullptr;
  uint32_t slot = 0;  ///< the relationship, or the list of a var-length one
  bool var_length = false;
  int64_t min = 1;
  int64_t max = 1;
  std::optional<uint32_t> segment;  ///< var-length with a path variable: the walk
};

struct Chain {
  const ast::PathPattern* ast = nullptr;
  std::vector<uint32_t> nodes;
  std::vector<ChainRel> rels;
  std::optional<uint32_t> path;
};

struct Conjunct {
  Expression expr;
  std::vector<uint32_t> slots;
  bool done = false;
};

class MatchPlanner {
 public:
  MatchPlanner(PlannerState& state, std::vector<const ast::PathPattern*> patterns,
               const ast::Expr* where)
      : state_(state), patterns_(std::move(patterns)), where_(where) {
    for (const auto& [name, variable] : state.scope())
      bound_.insert(variable.slot);
  }

  std::vector<uint32_t> plan() {
    for (const auto* pattern : patterns_)
      chains_.push_back(declare(*pattern));
    for (const auto& chain : chains_)
      add_pattern_conjuncts(chain);
    if (where_) {
      std::vector<const ast::Expr*> parts;
      conjuncts(*where_, parts);
      for (const auto* part : parts)
        add_conjunct(state_.bind(*part));
    }
    for (const auto& chain : chains_)
      plan_chain(chain);
    emit_ready();
    return introduced_;
  }

  /// The slots of the first pattern's nodes and relationships.
  PatternSlots slots_of_first() const {
    PatternSlots out;
    out.nodes = chains_.front().nodes;
    for (const auto& rel : chains_.front().rels)
      out.rels.push_back(rel.slot);
    return out;
  }

 private:
  uint32_t declare_node(const ast::NodePattern& node) {
    if (node.variable.empty())
      return fresh("  node@" + std::to_string(node.pos.column), VarKind::node);
    if (const auto* variable = state_.find(node.variable)) {
      if (variable->kind != VarKind::node)
        state_.fail(
            QueryErrc::semantic_error,
            "'" + node.variable + "' is " + std::string(describe(variable->kind)) + ", not a node",
            node.pos);
      return variable->slot;
    }
    return fresh(node.variable, VarKind::node, true);
  }

  uint32_t fresh(const std::string& name, VarKind kind, bool named = false) {
    auto slot = state_.new_slot(name);
    if (named) state_.declare(name, Variable{slot, kind});
    introduced_.push_back(slot);
    return slot;
  }

  ChainRel declare_rel(const ast::RelPattern& rel) {
    ChainRel out;
    out.ast = &rel;
    out.var_length = rel.length.has_value();
    if (out.var_length) {
      const auto& [min, max] = *rel.length;
      out.min = min.value_or(1);
      out.max = max.value_or(state_.options().max_hops);
      if (out.max > state_.options().max_hops)
        state_.fail(QueryErrc::too_complex,
                    "a variable-length relationship may span at most " +
                        std::to_string(state_.options().max_hops) +
                        " hops here (the server's query.max_hops)",
                    rel.pos);
      if (rel.properties)
        state_.fail(QueryErrc::not_supported,
                    "not supported: a property map on a variable-length relationship (filter "
                    "with WHERE on relationships(p))",
                    rel.properties->pos);
    }
    auto kind = out.var_length ? VarKind::rel_list : VarKind::relationship;
    if (rel.variable.empty()) {
      out.slot = fresh("  rel@" + std::to_string(rel.pos.column), kind);
      return out;
    }
    if (state_.find(rel.variable))
      state_.fail(
          rel_declared_.count(rel.variable) ? QueryErrc::semantic_error : QueryErrc::not_supported,
          rel_declared_.count(rel.variable)
              ? "the relationship variable '" + rel.variable + "' stands twice in the pattern"
              : "not supported: matching a relationship variable bound by an earlier "
                "clause ('" +
                    rel.variable + "')",
          rel.pos);
    rel_declared_.insert(rel.variable);
    out.slot = fresh(rel.variable, kind, true);
    return out;
  }

  Chain declare(const ast::PathPattern& pattern) {
    Chain chain;
    chain.ast = &pattern;
    if (!pattern.variable.empty()) {
      if (state_.find(pattern.variable))
        state_.fail(QueryErrc::semantic_error,
                    "the path variable '" + pattern.variable + "' is already bound", pattern.pos);
      chain.path = fresh(pattern.variable, VarKind::path, true);
    }
    chain.nodes.push_back(declare_node(pattern.start));
    for (const auto& step : pattern.steps) {
      auto rel = declare_rel(step.rel);
      if (rel.var_length && chain.path) rel.segment = fresh("  segment", VarKind::path);
      chain.rels.push_back(rel);
      chain.nodes.push_back(declare_node(step.node));
    }
    return chain;
  }

  void add_conjunct(Expression expr) {
    Conjunct conjunct;
    slots_read(expr, conjunct.slots);
    conjunct.expr = std::move(expr);
    conjuncts_.push_back(std::move(conjunct));
  }

  /// `key(slot) = value`: the map entry `~key` of a node pattern.
  void add_key_equality(uint32_t slot, const ast::Expr& value) {
    Expression key;
    key.kind = K::function;
    key.function = Function::key;
    key.pos = value.pos;
    key.args.push_back(Expression::of_slot(slot));
    Expression eq;
    eq.kind = K::binary;
    eq.op = Op::eq;
    eq.pos = value.pos;
    eq.args.push_back(std::move(key));
    eq.args.push_back(state_.bind(value));
    add_conjunct(std::move(eq));
  }

  /// `slot.key = value` for each entry of a pattern's property map (the
  /// entry `~key` of a node's map: its external key).
  void add_property_map(uint32_t slot, const ast::ExprPtr& map, bool node = true) {
    if (!map) return;
    if (map->kind != ast::ExprKind::map)
      state_.fail(QueryErrc::not_supported,
                  "not supported: a parameter as a pattern's property map in MATCH (write "
                  "{key: $value})",
                  map->pos);
    for (std::size_t i = 0; i < map->args.size(); ++i) {
      if (map->names[i] == kKeyEntry) {
        if (!node)
          state_.fail(QueryErrc::semantic_error,
                      "a relationship has no key: `~key` names a node's external key",
                      map->args[i]->pos);
        add_key_equality(slot, *map->args[i]);
        continue;
      }
      Expression property;
      property.kind = K::property;
      property.name = map->names[i];
      property.pos = map->args[i]->pos;
      property.args.push_back(Expression::of_slot(slot));
      Expression eq;
      eq.kind = K::binary;
      eq.op = Op::eq;
      eq.pos = map->args[i]->pos;
      eq.args.push_back(std::move(property));
      eq.args.push_back(state_.bind(*map->args[i]));
      add_conjunct(std::move(eq));
    }
  }

  void add_labels(uint32_t slot, const std::vector<std::string>& labels, SourcePos pos) {
    if (labels.empty()) return;
    Expression test;
    test.kind = K::has_labels;
    test.names = labels;
    test.pos = pos;
    test.args.push_back(Expression::of_slot(slot));
    add_conjunct(std::move(test));
  }

  void add_pattern_conjuncts(const Chain& chain) {
    const auto& pattern = *chain.ast;
    add_labels(chain.nodes[0], pattern.start.labels, pattern.start.pos);
    add_property_map(chain.nodes[0], pattern.start.properties);
    for (std::size_t i = 0; i < pattern.steps.size(); ++i) {
      const auto& step = pattern.steps[i];
      add_labels(chain.nodes[i + 1], step.node.labels, step.node.pos);
      add_property_map(chain.nodes[i + 1], step.node.properties);
      if (!chain.rels[i].var_length)
        add_property_map(chain.rels[i].slot, step.rel.properties, false);
    }
  }

  // ---- scan push-down -----------------------------------------------------

  /// Known before any row is read: a constant, a parameter, or a list of them.
  static bool is_value(const Expression& e) {
    if (e.kind == K::list)
      return std::all_of(e.args.begin(), e.args.end(),
                         [](const Expression& x) { return is_value(x); });
    return e.kind == K::constant || e.kind == K::parameter;
  }

  static bool is_property_of(const Expression& e, uint32_t slot) {
    return e.kind == K::property && e.args[0].kind == K::slot && e.args[0].slot == slot;
  }

  static Op flipped(Op op) {
    switch (op) {
      case Op::lt:
        return Op::gt;
      case Op::le:
        return Op::ge;
      case Op::gt:
        return Op::lt;
      case Op::ge:
        return Op::le;
      default:
        return op;
    }
  }

  /// The predicate a store can evaluate for `conjunct` on `slot`, if any.
  static std::optional<logical::PropertyPredicate> pushable(const Conjunct& conjunct,
                                                            uint32_t slot) {
    const auto& e = conjunct.expr;
    if (e.kind != K::binary) return std::nullopt;
    static const std::set<Op> kOps{Op::eq, Op::ne, Op::lt,          Op::le,        Op::gt,
                                   Op::ge, Op::in, Op::starts_with, Op::ends_with, Op::contains};
    if (!kOps.count(e.op)) return std::nullopt;
    if (is_property_of(e.args[0], slot) && is_value(e.args[1]))
      return logical::PropertyPredicate{e.args[0].name, e.op, e.args[1]};
    bool symmetric =
        e.op != Op::in && e.op != Op::starts_with && e.op != Op::ends_with && e.op != Op::contains;
    if (symmetric && is_property_of(e.args[1], slot) && is_value(e.args[0]))
      return logical::PropertyPredicate{e.args[1].name, flipped(e.op), e.args[0]};
    return std::nullopt;
  }

  static bool is_identity_of(const Expression& e, uint32_t slot) {
    return e.kind == K::function && (e.function == Function::key || e.function == Function::id) &&
           e.args.size() == 1 && e.args[0].kind == K::slot && e.args[0].slot == slot;
  }

  /// The lookup `conjunct` makes of a scan of `slot`: key(n) or id(n) equal
  /// to, or IN, a value.
  static std::optional<logical::NodeLookup> lookup(const Conjunct& conjunct, uint32_t slot) {
    const auto& e = conjunct.expr;
    if (e.kind != K::binary || (e.op != Op::eq && e.op != Op::in)) return std::nullopt;
    for (int side : {0, 1}) {
      if (side == 1 && e.op == Op::in) break;  // `v IN id(n)` is no lookup
      const auto& identity = e.args[side];
      const auto& value = e.args[1 - side];
      if (is_identity_of(identity, slot) && is_value(value))
        return logical::NodeLookup{identity.function == Function::id, e.op == Op::in, value};
    }
    return std::nullopt;
  }

  /// How much a scan of `slot` would narrow: a lookup by key or id most,
  /// then equalities, other comparisons, labels.
  int selectivity(uint32_t slot) const {
    int score = 0;
    for (const auto& conjunct : conjuncts_) {
      if (conjunct.done) continue;
      if (lookup(conjunct, slot))
        score += 1000;
      else if (auto predicate = pushable(conjunct, slot))
        score += predicate->op == Op::eq ? 8 : 3;
      else if (conjunct.expr.kind == K::has_labels && conjunct.expr.args[0].kind == K::slot &&
               conjunct.expr.args[0].slot == slot)
        score += 2;
    }
    return score;
  }

  void scan(uint32_t slot) {
    logical::NodeScan scan;
    scan.slot = slot;
    for (auto& conjunct : conjuncts_) {
      if (conjunct.done || scan.lookup) continue;
      if ((scan.lookup = lookup(conjunct, slot))) conjunct.done = true;
    }
    for (auto& conjunct : conjuncts_) {
      if (conjunct.done) continue;
      if (auto predicate = pushable(conjunct, slot)) {
        scan.predicates.push_back(std::move(*predicate));
        conjunct.done = true;
      } else if (conjunct.expr.kind == K::has_labels && conjunct.expr.args[0].kind == K::slot &&
                 conjunct.expr.args[0].slot == slot) {
        for (const auto& label : conjunct.expr.names)
          if (std::find(scan.labels.begin(), scan.labels.end(), label) == scan.labels.end())
            scan.labels.push_back(label);
        conjunct.done = true;
      }
    }
    state_.push(std::move(scan));
    state_.mark_loaded(slot);
    bound_.insert(slot);
  }

  // ---- expansion ------------------------------------------------------------

  static storage::Direction direction(ast::RelDirection written, bool forwards) {
    if (written == ast::RelDirection::both) return storage::Direction::both;
    bool out = (written == ast::RelDirection::right) == forwards;
    return out ? storage::Direction::out : storage::Direction::in;
  }

  void expand(const ChainRel& rel, uint32_t from, uint32_t to, bool forwards) {
    bool into = bound_.count(to) > 0;
    auto dir = direction(rel.ast->direction, forwards);
    if (rel.var_length) {
      logical::VarExpand op;
      op.from = from;
      op.to = to;
      op.rel_list = rel.slot;
      op.path = rel.segment;
      op.types = rel.ast->types;
      op.direction = dir;
      op.min = rel.min;
      op.max = rel.max;
      op.into = into;
      op.unique_rels = fixed_rels_;
      op.unique_rel_lists = rel_lists_;
      state_.push(std::move(op));
      rel_lists_.push_back(rel.slot);
    } else {
      logical::Expand op;
      op.from = from;
      op.to = to;
      op.rel = rel.slot;
      op.types = rel.ast->types;
      op.direction = dir;
      op.into = into;
      op.unique_rels = fixed_rels_;
      op.unique_rel_lists = rel_lists_;
      state_.push(std::move(op));
      fixed_rels_.push_back(rel.slot);
    }
    bound_.insert(to);
    bound_.insert(rel.slot);
    if (rel.segment) bound_.insert(*rel.segment);
    emit_ready();
  }

  void plan_chain(const Chain& chain) {
    std::size_t anchor = chain.nodes.size();
    for (std::size_t i = 0; i < chain.nodes.size() && anchor == chain.nodes.size(); ++i)
      if (bound_.count(chain.nodes[i])) anchor = i;
    if (anchor == chain.nodes.size()) {
      anchor = 0;
      int best = -1;
      for (std::size_t i = 0; i < chain.nodes.size(); ++i) {
        int score = selectivity(chain.nodes[i]);
        if (score > best) {
          best = score;
          anchor = i;
        }
      }
      scan(chain.nodes[anchor]);
    }
    emit_ready();
    for (std::size_t i = anchor; i < chain.rels.size(); ++i)
      expand(chain.rels[i], chain.nodes[i], chain.nodes[i + 1], true);
    for (std::size_t i = anchor; i-- > 0;)
      expand(chain.rels[i], chain.nodes[i + 1], chain.nodes[i], false);
    if (chain.path) {
      logical::BuildPath path;
      path.slot = *chain.path;
      path.start = chain.nodes[0];
      for (std::size_t i = 0; i < chain.rels.size(); ++i)
        path.steps.emplace_back(chain.rels[i].segment.value_or(chain.rels[i].slot),
                                chain.nodes[i + 1]);
      state_.push(std::move(path));
      bound_.insert(*chain.path);
      emit_ready();
    }
  }

  /// Filters for every conjunct whose slots are all bound now.
  void emit_ready() {
    for (auto& conjunct : conjuncts_) {
      if (conjunct.done) continue;
      bool ready = std::all_of(conjunct.slots.begin(), conjunct.slots.end(),
                               [&](uint32_t slot) { return bound_.count(slot) > 0; });
      if (!ready) continue;
      state_.load_for(conjunct.expr);
      state_.push(logical::Filter{conjunct.expr});
      conjunct.done = true;
    }
  }

  PlannerState& state_;
  std::vector<const ast::PathPattern*> patterns_;
  const ast::Expr* where_;
  std::set<uint32_t> bound_;
  std::set<std::string> rel_declared_;
  std::vector<Chain> chains_;
  std::vector<Conjunct> conjuncts_;
  std::vector<uint32_t> introduced_;
  std::vector<uint32_t> fixed_rels_;
  std::vector<uint32_t> rel_lists_;
};

std::vector<const ast::PathPattern*> pointers(const ast::Match& match) {
  std::vector<const ast::PathPattern*> out;
  for (const auto& pattern : match.patterns)
    out.push_back(&pattern);
  return out;
}

}  // namespace

void plan_match(PlannerState& state, const ast::Match& match) {
  if (!match.optional) {
    MatchPlanner(state, pointers(match), match.where.get()).plan();
    return;
  }
  // Rows the inner plan finds nothing for come out as they came in: what it
  // loaded is loaded only in the rows it found.
  auto loaded = state.loaded();
  auto outer = state.take_chain();
  state.push(logical::Argument{});
  auto introduced = MatchPlanner(state, pointers(match), match.where.get()).plan();
  auto inner = state.take_chain();
  state.set_chain(std::move(outer));
  state.set_loaded(std::move(loaded));
  state.push(logical::Optional{std::move(inner), std::move(introduced)});
}

std::vector<uint32_t> plan_pattern_match(PlannerState& state, const ast::PathPattern& pattern,
                                         PatternSlots& slots) {
  MatchPlanner planner(state, {&pattern}, nullptr);
  auto introduced = planner.plan();
  slots = planner.slots_of_first();
  return introduced;
}

void plan_unwind(PlannerState& state, const ast::Unwind& unwind) {
  auto list = state.bind(*unwind.list);
  if (state.find(unwind.alias))
    state.fail(QueryErrc::semantic_error,
               "the variable '" + unwind.alias + "' is already bound: UNWIND needs a new name",
               unwind.list->pos);
  state.load_for(list);
  auto slot = state.new_slot(unwind.alias);
  state.push(logical::Unwind{std::move(list), slot});
  state.declare(unwind.alias, Variable{slot, VarKind::value});
}

}  // namespace ds::query::detail
