#include "actors/search/vector_spaces.hpp"

#include "protocol/wire/read.hpp"
#include "schema/graph.capnp.h"
#include "storage/graph/graph_records.hpp"

namespace ds::actors {

void fetch_spaces(const ShardCalls& calls, SpacesDone done) {
  calls.ask(0, ShardOp::stats, {}, [done = std::move(done)](Result<wire::Envelope> reply) {
    if (!reply) return done(reply.error());
    done(wire::read<schema::ShardStats>(
        *reply,
        [](schema::ShardStats::Reader stats) -> Result<std::vector<storage::VectorSpaceSpec>> {
          std::vector<storage::VectorSpaceSpec> spaces;
          for (auto record : stats.getSpaces()) {
            auto spec = storage::read_space(record);
            if (!spec) return spec.error();
            spaces.push_back(std::move(spec).value());
          }
          return spaces;
        }));
  });
}

Result<storage::VectorSpaceSpec> find_space(const std::vector<storage::VectorSpaceSpec>& spaces,
                                            const std::string& space) {
  for (const auto& spec : spaces)
    if (spec.name == space) return spec;
  return make_error(errc::not_found, "no vector space \"" + space +
                                         "\"; define it first (PUT /api/v1/spaces/" + space + ")");
}

}  // namespace ds::actors
