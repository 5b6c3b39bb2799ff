// CREATE: the patterns made for each input row, a chunk at a time; the
// explicit keys of a chunk are checked in one lookup.

#include "query/exec/ops/operators.hpp"
#include "query/exec/pattern_creator.hpp"

namespace ds::query::ops {
namespace {

class Create final : public UnaryOperator {
 public:
  Create(ExecContext& context, OperatorPtr input, const logical::Create& op)
      : UnaryOperator(context, "Create", std::move(input)),
        op_(op),
        creator_(context, op_.patterns, "CREATE") {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      rows_ = std::move(**in);
      auto keys = creator_.prepare(rows_);
      if (!keys) return reply(std::move(keys).error());
      if (keys->empty()) return finish(reply, {});
      context().source().get_nodes_by_key(
          std::move(*keys),
          resume<std::vector<std::optional<storage::Node>>>([this, reply](auto existing) {
            if (!existing) return reply(std::move(existing).error());
            finish(reply, *existing);
          }));
    });
  }

 private:
  void finish(const ChunkReply& reply, const std::vector<std::optional<storage::Node>>& existing) {
    if (auto made = creator_.create(rows_, existing); !made) return reply(std::move(made).error());
    reply(std::optional<Chunk>{std::exchange(rows_, {})});
  }

  logical::Create op_;
  PatternCreator creator_;
  Chunk rows_;
};

}  // namespace

OperatorPtr make_create(ExecContext& context, OperatorPtr input, const logical::Create& op) {
  return std::make_unique<Create>(context, std::move(input), op);
}

}  // namespace ds::query::ops
