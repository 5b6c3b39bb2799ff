#include "storage/vector/vector_space.hpp"

namespace ds::storage {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

std::string_view to_string(Metric metric) {
  switch (metric) {
    case Metric::l2:
      return "l2";
    case Metric::ip:
      return "ip";
    case Metric::cosine:
      return "cosine";
  }
  return "l2";
}

Result<Metric> parse_metric(std::string_view text) {
  for (auto metric : {Metric::l2, Metric::ip, Metric::cosine})
    if (text == to_string(metric)) return metric;
  return make_error(errc::invalid_argument,
                    "metric: expected l2, ip or cosine, got \"" + std::string(text) + "\"");
}

std::string_view to_string(Device device) { return device == Device::gpu ? "gpu" : "cpu"; }

Result<Device> parse_device(std::string_view text) {
  for (auto device : {Device::cpu, Device::gpu})
    if (text == to_string(device)) return device;
  return make_error(errc::invalid_argument,
                    "device: expected cpu or gpu, got \"" + std::string(text) + "\"");
}

Result<void> check_fields(const VectorSpaceSpec& spec) {
  if (!valid_name(spec.name))
    return make_error(errc::invalid_argument,
                      "name: \"" + spec.name + "\" must be 1-64 characters of a-z, 0-9, _ and -");
  if (spec.dim == 0 || spec.dim > kMaxDimension)
    return make_error(
        errc::invalid_argument,
        "dim: " + std::to_string(spec.dim) + " is outside 1.." + std::to_string(kMaxDimension));
  if (spec.index.find("IDMap") != std::string::npos)
    return make_error(
        errc::invalid_argument,
        "index: \"" + spec.index + "\": leave out IDMap (the engine keeps the ids of its vectors)");
  if (spec.defaults.ef_search && *spec.defaults.ef_search < 1)
    return make_error(errc::invalid_argument, "params.efSearch: must be at least 1");
  if (spec.defaults.nprobe && *spec.defaults.nprobe < 1)
    return make_error(errc::invalid_argument, "params.nprobe: must be at least 1");
  if (spec.ef_construction && (*spec.ef_construction < 1 || *spec.ef_construction > 4096))
    return make_error(errc::invalid_argument, "params.efConstruction: must be in 1..4096");
  if (spec.device == Device::gpu && spec.index != "Flat")
    return make_error(errc::invalid_argument,
                      "index: \"" + spec.index +
                          "\" with device gpu: a compute unit answers exact kNN; use Flat");
  return {};
}

}  // namespace ds::storage
