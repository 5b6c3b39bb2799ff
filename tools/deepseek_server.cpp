// deepseek-server: a DeepSeek node. Parses the configuration and runs the node.
#include <iostream>

#include "runtime/config/configure.hpp"
#include "runtime/node/node.hpp"

int main(int argc, char** argv) {
  auto outcome = ds::runtime::configure_node(argc, argv, ds::runtime::process_environment(),
                                             std::cout, std::cerr);
  if (!outcome.config) return outcome.exit_code;
  return ds::runtime::run_node(*outcome.config);
}
