// deepseek-server: a DeepSeek node. Parses the configuration and runs the node.
#include <iostream>

#include "node/config/configure.hpp"
#include "node/node.hpp"

int main(int argc, char** argv) {
  auto outcome =
      ds::node::configure_node(argc, argv, ds::node::process_environment(), std::cout, std::cerr);
  if (!outcome.config) return outcome.exit_code;
  return ds::node::run_node(*outcome.config);
}
