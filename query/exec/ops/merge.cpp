// MERGE: for each input row in turn (a row sees what the rows before it
// created: `UNWIND ['a', 'a'] AS k MERGE (:T {name: k})` makes one node), the
// inner plan matches the pattern; the rows it finds get ON MATCH SET, and
// a row it finds nothing for gets the pattern created and ON CREATE SET.

#include "query/exec/ops/inner_plan.hpp"
#include "query/exec/pattern_creator.hpp"
#include "query/exec/set_items.hpp"

namespace ds::query::ops {
namespace {

class Merge final : public InnerPlanOperator {
 public:
  Merge(ExecContext& context, OperatorPtr input, OperatorPtr inner, Argument& argument,
        const logical::Merge& op, std::size_t slot_count)
      : InnerPlanOperator(context, "Merge", std::move(input), std::move(inner), argument,
                          slot_count),
        on_create_(op.on_create),
        on_match_(op.on_match),
        create_{op.create},
        creator_(context, create_, "MERGE",
                 [this](const std::function<void()>& task) { timed(task); }) {}

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](ChunkResult in) {
      if (!in || !*in) return reply(std::move(in));
      rows_ = std::move(**in);
      next_ = 0;
      out_.clear();
      merge_next(reply);
    });
  }

  QueryResult<bool> inner_rows(Chunk& found) override {
    for (auto& row : found) {
      if (auto done = apply_set_items(context(), on_match_, row); !done)
        return std::move(done).error();
      ++matched_;
      out_.push_back(std::move(row));
    }
    return context().check_rows(out_.size(), "MERGE");
  }

  void inner_done(const ChunkReply& reply) override {
    if (matched_)
      row_done(reply);
    else
      create(reply);
  }

 private:
  void merge_next(const ChunkReply& reply) {
    if (next_ == rows_.size()) {
      rows_.clear();
      return reply(std::optional<Chunk>{std::exchange(out_, {})});
    }
    retried_ = false;
    merge_again(reply);
  }

  /// The current row, as the rows before it left the graph.
  Row current_row() {
    Row row = rows_[next_];
    row.resize(slot_count());
    refresh_row(context(), row);
    return row;
  }

  void merge_again(const ChunkReply& reply) {
    matched_ = 0;
    run_inner(Chunk{current_row()}, reply);
  }

  void create(const ChunkReply& reply) {
    pending_.assign(1, current_row());
    creator_.run(pending_,
                 [this, reply](QueryResult<bool> made) { created(reply, std::move(made)); });
  }

  void created(const ChunkReply& reply, QueryResult<bool> made) {
    if (!made) {
      // Another writer made the node with this key since the match: match
      // again (once), and it is a match, not an error.
      if (made.error().cause == errc::already_exists && !retried_) {
        retried_ = true;
        return merge_again(reply);
      }
      return reply(std::move(made).error());
    }
    auto& row = pending_[0];
    if (auto done = apply_set_items(context(), on_create_, row); !done)
      return reply(std::move(done).error());
    out_.push_back(std::move(row));
    pending_.clear();
    row_done(reply);
  }

  void row_done(const ChunkReply& reply) {
    ++next_;
    context().post([this, reply] { timed([&] { merge_next(reply); }); });
  }

  std::vector<logical::SetItem> on_create_;
  std::vector<logical::SetItem> on_match_;
  std::vector<logical::PatternToCreate> create_;
  PatternCreator creator_;
  Chunk rows_;
  std::size_t next_ = 0;
  uint64_t matched_ = 0;
  bool retried_ = false;
  Chunk pending_;
  Chunk out_;
};

}  // namespace

OperatorPtr make_merge(ExecContext& context, OperatorPtr input, OperatorPtr inner,
                       Argument& argument, const logical::Merge& op, std::size_t slot_count) {
  return std::make_unique<Merge>(context, std::move(input), std::move(inner), argument, op,
                                 slot_count);
}

}  // namespace ds::query::ops
