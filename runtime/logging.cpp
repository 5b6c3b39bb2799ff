#include "runtime/logging.hpp"

#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ds::runtime {

Result<void> init_logging(std::string_view level) {
  auto parsed = spdlog::level::from_str(std::string(level));
  // from_str maps unknown names to `off`; only "off" itself may mean off.
  if (parsed == spdlog::level::off && level != "off")
    return make_error(errc::invalid_argument, "unknown log level \"" + std::string(level) + "\"");
  static bool initialised = false;
  if (!initialised) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("deepseek"));
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    initialised = true;
  }
  spdlog::set_level(parsed);
  spdlog::flush_on(spdlog::level::warn);
  return {};
}

}  // namespace ds::runtime
