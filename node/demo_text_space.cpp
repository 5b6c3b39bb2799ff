#include "node/demo_text_space.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <caf/scoped_actor.hpp>

#include "node/gateway_call.hpp"
#include "node/text_config.hpp"
#include "protocol/caf_error.hpp"
#include "protocol/codec/vector_requests.hpp"
#include "protocol/wire/build.hpp"
#include "schema/gateway.capnp.h"
#include "storage/import/wordnet_source.hpp"
#include "storage/text/text_encoder.hpp"

namespace ds::node {
namespace {

constexpr uint32_t kDim = 256;
constexpr std::size_t kBatch = 1024;

struct Texts {
  std::vector<std::pair<std::string, std::string>> nodes;  // key, text (with terms only)
  std::unordered_map<std::string, uint64_t> df;
};

/// Every synset's text, and the document frequency of each term over them.
Result<Texts> read_texts(const NodeConfig& config, const storage::NodeText& node_text) {
  auto source = storage::open_wordnet(config.demo.wordnet_dir);
  if (!source) return source.error();
  Texts texts;
  while (true) {
    auto batch = (*source)->next(4096);
    if (!batch) return batch.error();
    if (!*batch) break;
    for (auto& node : (*batch)->nodes) {
      auto text = node_text.text(node.properties);
      auto terms = node_text.tokenizer().terms(text);
      if (terms.empty()) continue;  // no document in the index either
      for (auto& term : std::unordered_set<std::string>(terms.begin(), terms.end()))
        ++texts.df[term];
      texts.nodes.emplace_back(std::move(node.key), std::move(text));
    }
  }
  return texts;
}

/// Sends one request to the gateway and waits for its reply.
template <class Atom>
Result<void> ask(caf::actor_system& system, const CurrentGateway& gateway, Millis timeout,
                 Atom atom, wire::Envelope request) {
  caf::scoped_actor self{system};
  Result<void> result;
  self->request(gateway.get(), caf::timespan{timeout}, atom, std::move(request))
      .receive([](const wire::Envelope&) {},
               [&](caf::error& error) { result = protocol::from_caf(error); });
  return result;
}

wire::Envelope define_request(Millis timeout) {
  return wire::build<schema::SpaceDefineRequest>([&](schema::SpaceDefineRequest::Builder r) {
    set_header(r.initHeader(), timeout);
    auto space = r.initSpace();
    space.setName(std::string(storage::kTextSpaceName));
    space.setDim(kDim);
    space.setMetric("cosine");
    space.setIndex("Flat");
  });
}

}  // namespace

Result<uint64_t> build_demo_text_space(caf::actor_system& system, const CurrentGateway& gateway,
                                       const NodeConfig& config,
                                       const std::function<bool()>& cancelled) {
  if (config.text.properties.empty()) return uint64_t{0};
  auto node_text = storage::NodeText::create(node_text_options(config.text));
  if (!node_text) return node_text.error();
  auto texts = read_texts(config, **node_text);
  if (!texts) return texts.error();
  auto timeout = config.system.rpc_timeout;
  if (auto defined = ask(system, gateway, timeout, define_atom::value, define_request(timeout));
      !defined)
    return defined.error();
  storage::TextEncoder encoder((*node_text)->tokenizer(), {kDim});
  auto documents = static_cast<uint64_t>(texts->nodes.size());
  auto idf = [&](const std::string& term) {
    auto found = texts->df.find(term);
    return storage::smooth_idf(documents, found == texts->df.end() ? 0 : found->second);
  };
  std::vector<std::string> keys;
  std::vector<float> rows;
  for (std::size_t i = 0; i < texts->nodes.size(); ++i) {
    const auto& [key, text] = texts->nodes[i];
    keys.push_back(key);
    auto vector = encoder.encode(text, idf);
    rows.insert(rows.end(), vector.begin(), vector.end());
    if (keys.size() < kBatch && i + 1 < texts->nodes.size()) continue;
    if (cancelled())
      return make_error(errc::unavailable, "stopping: the text space build was cut off");
    auto upserted = ask(system, gateway, timeout, upsert_atom::value,
                        protocol::upsert_request(std::string(storage::kTextSpaceName), keys, rows,
                                                 0, std::chrono::system_clock::now() + timeout));
    if (!upserted) return upserted.error();
    keys.clear();
    rows.clear();
  }
  return documents;
}

}  // namespace ds::node
