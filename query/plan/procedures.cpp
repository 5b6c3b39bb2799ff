#include "query/plan/procedures.hpp"

namespace ds::query {
namespace {

constexpr std::array kProcedures{
    ProcedureInfo{"db.index.vector.queryNodes",
                  Procedure::vector_query_nodes,
                  3,
                  3,
                  "(space, k, vector_or_text)",
                  {"node", "score"}},
    ProcedureInfo{"db.index.fulltext.queryNodes",
                  Procedure::fulltext_query_nodes,
                  2,
                  3,
                  "(index, text [, {limit: n}])",
                  {"node", "score"}},
    ProcedureInfo{"kg.similar", Procedure::kg_similar, 3, 3, "(node, k, space)", {"node", "score"}},
};

}  // namespace

std::optional<ProcedureInfo> find_procedure(std::string_view name) {
  for (const auto& info : kProcedures)
    if (info.name == name) return info;
  return std::nullopt;
}

std::span<const ProcedureInfo> all_procedures() { return kProcedures; }

}  // namespace ds::query
