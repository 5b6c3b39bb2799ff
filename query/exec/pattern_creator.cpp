#include "query/exec/pattern_creator.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <string_view>

#include "storage/import/text_checks.hpp"

namespace ds::query {
namespace {

/// A key for a node created without one: 128 random bits in hex, like the
/// element ids other graph databases give. From the system's source each
/// time (no thread_local engine: static TLS is carved from every thread's
/// stack, and the metrics server's threads have little).
std::string generated_key() {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key;
  for (int word = 0; word < 4; ++word) {
    uint32_t bits = random();
    for (int i = 0; i < 8; ++i, bits >>= 4)
      key += kHex[bits & 15];
  }
  return key;
}

std::vector<std::string> sorted_labels(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

}  // namespace

QueryResult<Value> to_property(const Datum& value, std::string_view key, SourcePos pos) {
  auto stored = to_value(value);
  if (!stored)
    return QueryError{QueryErrc::type_error,
                      "the property '" + std::string(key) + "' cannot hold " +
                          std::string(type_name(value)) + " (" + to_display(value) +
                          "): a property holds a string, number, boolean or a list of them",
                      pos};
  return std::move(*stored);
}

QueryResult<PropertyMap> to_property_map(const Datum& value, SourcePos pos, bool key_allowed) {
  PropertyMap out;
  if (value.is_null()) return out;
  const Datum::Map* entries = value.map_entries();
  if (const auto* node = value.get<NodeValue>(); node && node->data) {
    out.properties = node->data->properties;
    return out;
  }
  if (const auto* rel = value.get<RelValue>(); rel && rel->properties) {
    out.properties = *rel->properties;
    return out;
  }
  if (!entries) return type_mismatch("a property map", "a MAP", value, pos);
  for (const auto& [key, item] : *entries) {
    if (key == "~key") {
      if (!key_allowed)
        return QueryError{QueryErrc::semantic_error,
                          "`~key` names a node's external key, given when it is created; it "
                          "cannot be set or changed",
                          pos};
      const auto* text = item.get<std::string>();
      if (!text) return type_mismatch("`~key`", "a STRING", item, pos);
      if (auto why = storage::check_key(*text, "`~key`"); !why.empty())
        return QueryError{QueryErrc::semantic_error, why, pos};
      out.key = *text;
      continue;
    }
    if (item.is_null()) {
      out.nulls.push_back(key);
      continue;
    }
    auto property = to_property(item, key, pos);
    if (!property) return std::move(property).error();
    out.properties[key] = std::move(*property);
  }
  return out;
}

PatternCreator::PatternCreator(ExecContext& context,
                               const std::vector<logical::PatternToCreate>& patterns,
                               std::string clause, Charge charge)
    : context_(context), patterns_(patterns), clause_(std::move(clause)), charge_(std::move(charge)) {}

void PatternCreator::run(std::vector<Row>& rows, std::function<void(QueryResult<bool>)> done) {
  auto needs = prepare(rows);
  if (!needs) return done(std::move(needs).error());
  if (needs->create.empty()) return done(create(rows, {}, {}));
  auto reserve = [this, &rows, done, keys = std::move(needs->create)](
                     std::vector<std::optional<storage::Node>> existing) mutable {
    context_.source().reserve_ids(
        std::move(keys), resume<std::vector<storage::EntityId>>(
                             [this, &rows, done, existing = std::move(existing)](auto ids) {
                               if (!ids) return done(std::move(ids).error());
                               done(create(rows, existing, *ids));
                             }));
  };
  if (needs->check.empty()) return reserve({});
  context_.source().get_nodes_by_key(
      std::move(needs->check), resume<std::vector<std::optional<storage::Node>>>(
                                   [done, reserve = std::move(reserve)](auto existing) mutable {
                                     if (!existing) return done(std::move(existing).error());
                                     reserve(std::move(*existing));
                                   }));
}

QueryResult<PatternCreator::Needs> PatternCreator::prepare(const std::vector<Row>& rows) {
  plans_.assign(rows.size(), RowPlan{});
  Needs needs;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (auto ok = prepare_row(rows[i], plans_[i], needs); !ok) return std::move(ok).error();
  return needs;
}

QueryResult<bool> PatternCreator::prepare_row(const Row& row, RowPlan& plan, Needs& needs) {
  auto map_of = [&](const std::optional<Expression>& expr, bool node) -> QueryResult<PropertyMap> {
    if (!expr) return PropertyMap{};
    auto value = evaluate(*expr, row, context_.eval());
    if (!value) return std::move(value).error();
    return to_property_map(*value, expr->pos, node);
  };
  for (const auto& pattern : patterns_) {
    auto& nodes = plan.nodes.emplace_back();
    for (const auto& node : pattern.nodes) {
      auto& out = nodes.emplace_back();
      if (node.bound) continue;
      for (const auto& label : node.labels)
        if (auto why = storage::check_name(label, "a label"); !why.empty())
          return QueryError{QueryErrc::semantic_error, why, node.pos};
      auto map = map_of(node.properties, true);
      if (!map) return std::move(map).error();
      out.labels = sorted_labels(node.labels);
      out.properties = std::move(map->properties);
      out.explicit_key = map->key.has_value();
      out.key = map->key ? *map->key : generated_key();
      if (out.explicit_key) needs.check.push_back(out.key);
      needs.create.push_back(out.key);
    }
    auto& rels = plan.rels.emplace_back();
    for (const auto& rel : pattern.rels) {
      if (auto why = storage::check_name(rel.type, "a relationship type"); !why.empty())
        return QueryError{QueryErrc::semantic_error, why, rel.pos};
      auto map = map_of(rel.properties, false);
      if (!map) return std::move(map).error();
      rels.push_back(std::move(map->properties));
    }
  }
  return true;
}

QueryResult<bool> PatternCreator::create(std::vector<Row>& rows,
                                         const std::vector<std::optional<storage::Node>>& existing,
                                         const std::vector<storage::EntityId>& ids) {
  std::size_t next = 0, next_id = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::set<std::string_view> in_row;  // keys this row's pattern makes
    for (std::size_t p = 0; p < patterns_.size(); ++p)
      for (std::size_t n = 0; n < patterns_[p].nodes.size(); ++n) {
        const auto& made = plans_[i].nodes[p][n];
        if (patterns_[p].nodes[n].bound || !made.explicit_key) continue;
        const auto& key = made.key;
        // The store's answer, or a node this query made since.
        bool taken = (next < existing.size() && existing[next]) || context_.writes().key_taken(key);
        ++next;
        if (taken)
          return QueryError{QueryErrc::runtime_error,
                            clause_ + " cannot make a node with the key '" + key +
                                "': another node has it (keys are unique; MATCH or MERGE it "
                                "by key instead)",
                            patterns_[p].nodes[n].pos, errc::already_exists};
        if (!in_row.insert(key).second)
          return QueryError{QueryErrc::semantic_error,
                            clause_ + " would make two nodes with the key '" + key +
                                "' (keys are unique; name the node once and use its variable "
                                "in the other place)",
                            patterns_[p].nodes[n].pos};
      }
    if (auto ok = create_row(rows[i], plans_[i], ids, next_id); !ok) return ok;
  }
  plans_.clear();
  return true;
}

QueryResult<bool> PatternCreator::create_row(Row& row, RowPlan& plan,
                                             const std::vector<storage::EntityId>& ids,
                                             std::size_t& next_id) {
  auto& writes = context_.writes();
  for (std::size_t p = 0; p < patterns_.size(); ++p) {
    const auto& pattern = patterns_[p];
    for (std::size_t n = 0; n < pattern.nodes.size(); ++n) {
      const auto& node = pattern.nodes[n];
      if (node.bound) {
        const auto* value = row[node.slot].get<NodeValue>();
        if (!value)
          return QueryError{QueryErrc::semantic_error,
                            clause_ + " needs a node here, got " +
                                std::string(type_name(row[node.slot])) +
                                " (a node from an OPTIONAL MATCH that found none is null)",
                            node.pos};
        if (writes.deleted(value->id))
          return QueryError{QueryErrc::semantic_error,
                            clause_ + " cannot connect a node this query deleted", node.pos};
        continue;
      }
      if (next_id >= ids.size())
        return QueryError{QueryErrc::runtime_error, "internal: too few ids reserved", node.pos};
      auto& made = plan.nodes[p][n];
      // A CREATE's `~key` was free when checked; another query may take it
      // before the commit, which then refuses this node. A MERGE that lost
      // that race matches the other node instead (docs/query-engine.md).
      const bool must_be_new = made.explicit_key && clause_ == "CREATE";
      row[node.slot] =
          writes.create_node(ids[next_id++], std::move(made.key), std::move(made.labels),
                             std::move(made.properties), must_be_new);
    }
    for (std::size_t r = 0; r < pattern.rels.size(); ++r) {
      const auto& rel = pattern.rels[r];
      auto a = row[pattern.nodes[r].slot].get<NodeValue>()->id;
      auto b = row[pattern.nodes[r + 1].slot].get<NodeValue>()->id;
      auto [src, dst] = rel.forwards ? std::pair{a, b} : std::pair{b, a};
      row[rel.slot] = writes.create_edge(src, rel.type, dst, std::move(plan.rels[p][r]));
    }
  }
  return true;
}

}  // namespace ds::query
