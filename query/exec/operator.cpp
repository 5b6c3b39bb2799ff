#include "query/exec/operator.hpp"

namespace ds::query {

ChunkResult end_of_rows() { return ChunkResult{std::optional<Chunk>{}}; }

void Operator::timed(const std::function<void()>& task) {
  if (!context_.options().profile) {
    task();
    return;
  }
  auto started = std::chrono::steady_clock::now();
  task();
  busy_ += std::chrono::steady_clock::now() - started;
}

void Operator::next(ChunkReply reply) {
  context_.post([this, reply = std::move(reply)]() mutable {
    timed([&] {
      produce([this, reply = std::move(reply)](QueryResult<std::optional<Chunk>> result) mutable {
        if (result.ok() && result.value()) rows_out_ += result.value()->size();
        reply(std::move(result));
      });
    });
  });
}

void UnaryOperator::pull(ChunkReply reply) {
  input_->next([this, reply = std::move(reply)](QueryResult<std::optional<Chunk>> result) mutable {
    context().post([this, reply = std::move(reply), result = std::move(result)]() mutable {
      timed([&] { reply(std::move(result)); });
    });
  });
}

}  // namespace ds::query
