// DELETE and DETACH DELETE: the nodes, relationships and paths of each input
// row marked deleted in the write set. Whether a node deleted without
// DETACH still has relationships is checked at commit (a later part of the
// query may delete them), as in Neo4j.

#include "query/exec/ops/operators.hpp"

namespace ds::query::ops {
namespace {

class Delete final : public UnaryOperator {
 public:
  Delete(ExecContext& context, OperatorPtr input, logical::Delete op)
      : UnaryOperator(context, "Delete", std::move(input)), op_(std::move(op)) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      for (const auto& row : **in)
        for (const auto& target : op_.targets) {
          auto value = evaluate(target, row, context().eval());
          if (!value) return reply(std::move(value).error());
          if (auto done = remove(*value, target.pos); !done) return reply(std::move(done).error());
        }
      reply(std::move(in));
    });
  }

 private:
  QueryResult<bool> remove(const Datum& value, SourcePos pos) {
    auto& writes = context().writes();
    if (value.is_null()) return true;  // an OPTIONAL MATCH that found nothing
    if (const auto* node = value.get<NodeValue>()) {
      writes.delete_node(node->id, op_.detach);
    } else if (const auto* rel = value.get<RelValue>()) {
      writes.delete_edge(storage::EdgeRef{rel->src, rel->type, rel->dst});
    } else if (const auto* path = value.path()) {
      for (const auto& r : path->rels)
        writes.delete_edge(storage::EdgeRef{r.src, r.type, r.dst});
      for (const auto& n : path->nodes)
        writes.delete_node(n.id, op_.detach);
    } else if (const auto* list = value.list()) {
      for (const auto& item : *list)
        if (auto done = remove(item, pos); !done) return done;
    } else {
      return type_mismatch("DELETE", "a NODE, a RELATIONSHIP or a PATH", value, pos);
    }
    return true;
  }

  logical::Delete op_;
};

}  // namespace

OperatorPtr make_delete(ExecContext& context, OperatorPtr input, const logical::Delete& op) {
  return std::make_unique<Delete>(context, std::move(input), op);
}

}  // namespace ds::query::ops
