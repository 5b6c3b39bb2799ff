// deepseek-cli node KEY | neighbours KEY [--type T,..] [--hops N] [--direction D] | stats

#include <iomanip>
#include <iostream>

#include "runtime/exit_codes.hpp"
#include "tools/cli/commands.hpp"

namespace ds::cli {
namespace {

void print_value(std::ostream& out, const Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out << "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out << (v ? "true" : "false");
        } else if constexpr (std::is_same_v<T, std::string>) {
          out << std::quoted(v);
        } else if constexpr (std::is_same_v<T, Value::List>) {
          out << "[";
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out << ", ";
            print_value(out, v[i]);
          }
          out << "]";
        } else {
          out << v;
        }
      },
      value.data);
}

int node(const sdk::ClientOptions& options, const std::string& key) {
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto node = client->node(key).get();
  if (!node) return fail(node.error().message);
  std::cout << "key: " << node->key << "\nlabels:";
  for (const auto& label : node->labels)
    std::cout << " " << label;
  std::cout << "\n";
  for (const auto& [name, value] : node->properties) {
    std::cout << name << ": ";
    print_value(std::cout, value);
    std::cout << "\n";
  }
  return runtime::kExitOk;
}

struct NeighboursArgs {
  sdk::NeighboursQuery query;
  std::vector<std::string> types;
  std::string direction = "out";
};

int neighbours(const sdk::ClientOptions& options, NeighboursArgs args) {
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  args.query.types = args.types;
  args.query.direction = args.direction == "in"     ? storage::Direction::in
                         : args.direction == "both" ? storage::Direction::both
                                                    : storage::Direction::out;
  auto found = client->neighbours(args.query).get();
  if (!found) return fail(found.error().message);
  for (const auto& n : *found)
    std::cout << n.hops << "\t" << n.type << "\t" << n.key << "\n";
  return runtime::kExitOk;
}

int stats(const sdk::ClientOptions& options) {
  auto client = connect(options);
  if (!client) return runtime::kExitFailure;
  auto totals = client->stats().get();
  if (!totals) return fail(totals.error().message);
  std::cout << "shards: " << totals->shards << "\nnodes: " << totals->nodes
            << "\nedges: " << totals->edges << "\nin entries: " << totals->in_entries << "\n";
  return runtime::kExitOk;
}

}  // namespace

Command add_node(CLI::App& app, CLI::App*& subcommand) {
  auto key = std::make_shared<std::string>();
  subcommand = app.add_subcommand("node", "show the node with an external key");
  subcommand->add_option("key", *key, "external key, e.g. n02084071")->required();
  return [key](const sdk::ClientOptions& client) { return node(client, *key); };
}

Command add_neighbours(CLI::App& app, CLI::App*& subcommand) {
  auto args = std::make_shared<NeighboursArgs>();
  subcommand = app.add_subcommand(
      "neighbours", "nodes reached from a node, one line each: hops, relation type, key");
  subcommand->add_option("key", args->query.key, "external key of the start node")->required();
  subcommand->add_option("--type", args->types, "relation types (default: all)")->delimiter(',');
  subcommand->add_option("--hops", args->query.hops, "how many edges away")->capture_default_str();
  subcommand->add_option("--direction", args->direction, "out | in | both")
      ->check(CLI::IsMember({"out", "in", "both"}))
      ->capture_default_str();
  return [args](const sdk::ClientOptions& client) { return neighbours(client, *args); };
}

Command add_stats(CLI::App& app, CLI::App*& subcommand) {
  subcommand = app.add_subcommand("stats", "node and edge counts over every shard");
  return [](const sdk::ClientOptions& client) { return stats(client); };
}

}  // namespace ds::cli
