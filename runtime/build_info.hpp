#pragma once

// What was built: served at GET /api/v1/version, exported as
// deepseek_build_info, printed by --version.

#include <string_view>

namespace ds::runtime {

struct BuildInfo {
  std::string_view version;     ///< project version from meson.build
  std::string_view commit;      ///< `git describe` of the source tree, or "unknown"
  std::string_view build_type;  ///< meson buildtype (debugoptimized, release, ...)
  std::string_view compiler;    ///< compiler id and version
  bool cuda = false;            ///< whether the CUDA backend was compiled in
};

const BuildInfo& build_info();

}  // namespace ds::runtime
