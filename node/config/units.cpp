#include "node/config/units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include <unistd.h>

#include "node/config/config_text.hpp"

namespace ds::node {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

/// Splits "12.5GB" into 12.5 and "GB"; fails when there is no leading number.
bool split_number(std::string_view text, double& number, std::string_view& unit) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || !std::isfinite(number)) return false;
  unit = trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  return true;
}

}  // namespace

Result<uint64_t> parse_uint(std::string_view text, uint64_t min, uint64_t max) {
  auto t = trim(text);
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  auto range = std::to_string(min) + ".." + std::to_string(max);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size())
    return make_error(errc::invalid_argument,
                      "expected an integer in " + range + ", got " + quoted(text));
  if (value < min || value > max)
    return make_error(errc::invalid_argument,
                      "expected a value in " + range + ", got " + quoted(text));
  return value;
}

Result<uint64_t> parse_size(std::string_view text, uint64_t total) {
  static constexpr std::array<std::pair<std::string_view, uint64_t>, 13> kUnits{{
      {"", 1},
      {"B", 1},
      {"K", 1ull << 10},
      {"KB", 1ull << 10},
      {"KiB", 1ull << 10},
      {"M", 1ull << 20},
      {"MB", 1ull << 20},
      {"MiB", 1ull << 20},
      {"G", 1ull << 30},
      {"GB", 1ull << 30},
      {"GiB", 1ull << 30},
      {"TB", 1ull << 40},
      {"TiB", 1ull << 40},
  }};
  auto expected = std::string("expected a size such as 512MB or 16GB") +
                  (total > 0 ? " or a percentage such as 50%" : "") + ", got " + quoted(text);
  double number = 0;
  std::string_view unit;
  if (!split_number(trim(text), number, unit) || number < 0)
    return make_error(errc::invalid_argument, expected);
  if (unit == "%") {
    if (total == 0 || number > 100) return make_error(errc::invalid_argument, expected);
    return static_cast<uint64_t>(std::llround(static_cast<double>(total) * number / 100.0));
  }
  for (const auto& [name, factor] : kUnits) {
    if (!iequals(unit, name)) continue;
    double bytes = number * static_cast<double>(factor);
    if (bytes >= 18e18)
      return make_error(errc::invalid_argument, "size too large: " + quoted(text));
    return static_cast<uint64_t>(std::llround(bytes));
  }
  return make_error(errc::invalid_argument, expected);
}

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 6> kUnits{{
      {"", 1.0},
      {"ms", 1.0},
      {"us", 1e-3},
      {"s", 1e3},
      {"m", 60e3},
      {"h", 3600e3},
  }};
  double number = 0;
  std::string_view unit;
  if (split_number(trim(text), number, unit) && number >= 0) {
    for (const auto& [name, millis] : kUnits)
      if (unit == name) return std::chrono::milliseconds(std::llround(number * millis));
  }
  return make_error(
      errc::invalid_argument,
      "expected a duration such as 250ms, 30s or 5m (a bare number is ms), got " + quoted(text));
}

uint64_t physical_memory_bytes() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
}

}  // namespace ds::node
