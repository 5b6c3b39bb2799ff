// The Client's vector spaces, vectors and searches: the gateway requests the
// HTTP API sends too (node/vector_routes.hpp, text_routes.hpp).

#include "protocol/codec/vector_requests.hpp"
#include "protocol/wire/build.hpp"
#include "schema/gateway.capnp.h"
#include "schema/text.hpp"
#include "sdk/client.hpp"
#include "sdk/client_impl.hpp"
#include "storage/graph/graph_records.hpp"

namespace ds::sdk {

std::future<Result<storage::VectorSpaceSpec>> Client::define_space(storage::VectorSpaceSpec spec) {
  auto request = wire::build<schema::SpaceDefineRequest>([&](schema::SpaceDefineRequest::Builder r) {
    impl_->set_header(r.initHeader());
    storage::write_space(r.initSpace(), spec);
  });
  return impl_->call<storage::VectorSpaceSpec>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::VectorSpaceRecord>(
            reply, [](schema::VectorSpaceRecord::Reader record) { return storage::read_space(record); });
      },
      define_atom::value, std::move(request));
}

std::future<Result<std::vector<SpaceInfo>>> Client::spaces() {
  return impl_->call<std::vector<SpaceInfo>>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::SpaceList>(
            reply, [](schema::SpaceList::Reader list) -> Result<std::vector<SpaceInfo>> {
              std::vector<SpaceInfo> out;
              for (auto space : list.getSpaces()) {
                auto spec = storage::read_space(space.getSpec());
                if (!spec) return spec.error();
                out.push_back({std::move(spec).value(), space.getVectors()});
              }
              return out;
            });
      },
      spaces_atom::value);
}

void Client::upsert_vectors(std::string space, std::vector<std::string> keys,
                            std::vector<float> rows, std::function<void(Result<uint32_t>)> done) {
  auto request =
      protocol::upsert_request(space, keys, rows, impl_->next_request_id++, impl_->deadline());
  impl_->call<uint32_t>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::VectorWriteResponse>(
            reply, [](schema::VectorWriteResponse::Reader r) { return r.getCount(); });
      },
      std::move(done), upsert_atom::value, std::move(request));
}

std::future<Result<std::vector<Hit>>> Client::search(VectorSearch query) {
  auto request = wire::build<schema::VectorQuery>([&](schema::VectorQuery::Builder r) {
    impl_->set_header(r.initHeader());
    r.setSpace(query.space);
    auto numbers = r.initQueries(static_cast<unsigned>(query.vector.size()));
    for (unsigned i = 0; i < query.vector.size(); ++i)
      numbers.set(i, query.vector[i]);
    if (query.text) {
      r.setHasText(true);
      r.setText(*query.text);
    }
    r.setK(query.k);
    r.setEfSearch(query.ef_search);
    r.setNprobe(query.nprobe);
    if (query.filter_keys) {
      r.setHasFilter(true);
      auto keys = r.initFilterKeys(static_cast<unsigned>(query.filter_keys->size()));
      for (unsigned i = 0; i < query.filter_keys->size(); ++i)
        keys.set(i, (*query.filter_keys)[i]);
    }
  });
  return impl_->call<std::vector<Hit>>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::VectorQueryResponse>(
            reply, [](schema::VectorQueryResponse::Reader response) {
              std::vector<Hit> hits;
              auto results = response.getResults();
              if (results.size() > 0)
                for (auto hit : results[0].getHits())
                  hits.push_back({schema::to_string(hit.getKey()), hit.getScore()});
              return hits;
            });
      },
      search_atom::value, std::move(request));
}

std::future<Result<TextResults>> Client::search_text(std::string query, uint32_t k) {
  auto request = wire::build<schema::TextQuery>([&](schema::TextQuery::Builder r) {
    impl_->set_header(r.initHeader());
    r.setQuery(query);
    r.setK(k);
  });
  return impl_->call<TextResults>(
      [](const wire::Envelope& reply) {
        return wire::read<schema::TextQueryResponse>(
            reply, [](schema::TextQueryResponse::Reader response) {
              TextResults out;
              for (auto term : response.getTerms())
                out.terms.push_back(schema::to_string(term));
              for (auto hit : response.getHits())
                out.hits.push_back({schema::to_string(hit.getKey()), hit.getScore()});
              return out;
            });
      },
      text_search_atom::value, std::move(request));
}

}  // namespace ds::sdk
