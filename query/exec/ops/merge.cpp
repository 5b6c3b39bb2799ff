// MERGE: for each input row in turn (a row sees what the rows before it
// created: `UNWIND ['a', 'a'] AS k MERGE (:T {name: k})` makes one node), the
// inner plan matches the pattern; the rows it finds get ON MATCH SET, and
// a row it finds nothing for gets the pattern created and ON CREATE SET.

#include "query/exec/ops/operators.hpp"
#include "query/exec/pattern_creator.hpp"
#include "query/exec/set_items.hpp"

namespace ds::query::ops {
namespace {

class Merge final : public UnaryOperator {
 public:
  Merge(ExecContext& context, OperatorPtr input, OperatorPtr inner, Argument& argument,
        const logical::Merge& op, std::size_t slot_count)
      : UnaryOperator(context, "Merge", std::move(input)),
        inner_(std::move(inner)),
        argument_(argument),
        on_create_(op.on_create),
        on_match_(op.on_match),
        create_{op.create},
        creator_(context, create_, "MERGE"),
        slot_count_(slot_count) {}

  std::vector<const Operator*> inputs() const override {
    auto out = UnaryOperator::inputs();
    out.push_back(inner_.get());
    return out;
  }

 protected:
  void produce(ChunkReply reply) override {
    pull([this, reply](QueryResult<std::optional<Chunk>> in) {
      if (!in || !*in) return reply(std::move(in));
      rows_ = std::move(**in);
      next_ = 0;
      out_.clear();
      merge_next(reply);
    });
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

  void merge_again(const ChunkReply& reply) {
    Row row = rows_[next_];
    row.resize(slot_count_);
    refresh_row(context(), row);
    argument_.feed(Chunk{std::move(row)});
    matched_ = 0;
    match(reply);
  }

  void match(const ChunkReply& reply) {
    inner_->next([this, reply](QueryResult<std::optional<Chunk>> found) {
      context().post([this, reply, found = std::move(found)]() mutable {
        timed([&] {
          if (!found) return reply(std::move(found).error());
          if (!*found) return matched_ ? row_done(reply) : create(reply);
          for (auto& row : **found) {
            if (auto done = apply_set_items(context(), on_match_, row); !done)
              return reply(std::move(done).error());
            ++matched_;
            out_.push_back(std::move(row));
          }
          if (auto limit = context().check_rows(out_.size(), "MERGE"); !limit)
            return reply(std::move(limit).error());
          match(reply);
        });
      });
    });
  }

  void create(const ChunkReply& reply) {
    pending_.assign(1, rows_[next_]);
    pending_[0].resize(slot_count_);
    refresh_row(context(), pending_[0]);
    creator_.run(pending_, [this, reply](QueryResult<bool> made) {
      timed([&] { created(reply, std::move(made)); });
    });
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

  OperatorPtr inner_;
  Argument& argument_;
  std::vector<logical::SetItem> on_create_;
  std::vector<logical::SetItem> on_match_;
  std::vector<logical::PatternToCreate> create_;
  PatternCreator creator_;
  std::size_t slot_count_;
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
