#include "query/text/answer_output.hpp"

#include "query/json_values.hpp"

namespace ds::query::text {
namespace {

Datum words(const std::vector<std::string>& list) {
  Datum::List out(list.begin(), list.end());
  return Datum(std::move(out));
}

NodeValue loaded(const storage::Node& node) {
  return {node.id, std::make_shared<const storage::Node>(node)};
}

/// entity -[type]- hit as a path, the relation in its stored direction.
Datum evidence_path(const storage::Node& entity, const Evidence& evidence) {
  PathData path;
  path.nodes = {loaded(entity), loaded(evidence.hit)};
  auto src = evidence.outgoing ? entity.id : evidence.hit.id;
  auto dst = evidence.outgoing ? evidence.hit.id : entity.id;
  path.rels.push_back({src, evidence.type, dst, std::make_shared<const Properties>()});
  return Datum(std::move(path));
}

/// A node as people know it: its `name` property when it has one (WordNet's
/// keys are byte offsets; "dog.n.01" is its name), else its key.
std::string display_name(const storage::Node& node) {
  auto name = node.properties.find("name");
  if (name != node.properties.end())
    if (auto* text = std::get_if<std::string>(&name->second.data)) return *text;
  return node.key;
}

std::string readable_path(const storage::Node& entity, const Evidence& evidence) {
  auto arrow = evidence.outgoing ? "-[:" + evidence.type + "]->" : "<-[:" + evidence.type + "]-";
  return "(" + display_name(entity) + ")" + arrow + "(" + display_name(evidence.hit) + ")";
}

}  // namespace

QueryOutput answer_rows(const TextAnswer& answer) {
  QueryOutput out;
  out.columns = {"entity", "score", "matched_terms", "evidence"};
  for (const auto& entity : answer.entities) {
    Datum::List evidence;
    for (const auto& item : entity.evidence)
      evidence.push_back(evidence_path(entity.node, item));
    out.rows.push_back({Datum(loaded(entity.node)), Datum(entity.score),
                        words(entity.matched_terms), Datum(std::move(evidence))});
  }
  return out;
}

nlohmann::json answer_json(const TextAnswer& answer) {
  auto entities = nlohmann::json::array();
  for (const auto& entity : answer.entities) {
    auto evidence = nlohmann::json::array();
    for (const auto& item : entity.evidence)
      evidence.push_back({{"type", item.type},
                          {"direction", item.outgoing ? "out" : "in"},
                          {"hit", item.hit.key},
                          {"hit_terms", item.hit_terms},
                          {"path", readable_path(entity.node, item)}});
    auto out = datum_to_json(Datum(loaded(entity.node)));  // id, key, labels, properties
    out["score"] = entity.score;
    out["matched_terms"] = entity.matched_terms;
    out["evidence"] = std::move(evidence);
    entities.push_back(std::move(out));
  }
  return {{"question", answer.question},
          {"terms", answer.terms},
          {"retrievers", answer.retrievers},
          {"entities", std::move(entities)}};
}

}  // namespace ds::query::text
