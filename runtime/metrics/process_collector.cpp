#include "runtime/metrics/process_collector.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <prometheus/client_metric.h>
#include <prometheus/metric_family.h>
#include <prometheus/metric_type.h>
#include <sys/resource.h>
#include <unistd.h>

namespace ds::runtime {
namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily family(std::string name, std::string help, MetricType type, double value) {
  MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  prometheus::ClientMetric metric;
  if (type == MetricType::Counter)
    metric.counter.value = value;
  else
    metric.gauge.value = value;
  f.metric.push_back(std::move(metric));
  return f;
}

/// Fields of /proc/self/stat after the command name (which may hold spaces),
/// numbered as in proc(5) minus 3: [0] is field 3 (state).
std::vector<std::string> stat_fields() {
  std::ifstream in("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream rest(text.substr(close + 2));
  for (std::string field; rest >> field;)
    fields.push_back(field);
  return fields;
}

double boot_time_seconds() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double value = 0;
      in >> value;
      return value;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

double open_fds() {
  std::error_code ec;
  double count = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++count;
  return count;
}

}  // namespace

std::vector<MetricFamily> ProcessCollector::Collect() const {
  std::vector<MetricFamily> out;
  auto stat = stat_fields();
  if (stat.size() < 22) return out;  // not Linux, or /proc unreadable
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  // proc(5): utime 14, stime 15, num_threads 20, starttime 22, vsize 23, rss 24.
  double cpu = (std::stod(stat[11]) + std::stod(stat[12])) / ticks;
  double start = boot_time_seconds() + std::stod(stat[19]) / ticks;
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  out.push_back(family("process_cpu_seconds_total", "User and system CPU time spent, in seconds",
                       MetricType::Counter, cpu));
  out.push_back(family("process_resident_memory_bytes", "Resident memory size in bytes",
                       MetricType::Gauge, std::stod(stat[21]) * page));
  out.push_back(family("process_virtual_memory_bytes", "Virtual memory size in bytes",
                       MetricType::Gauge, std::stod(stat[20])));
  out.push_back(family("process_open_fds", "Open file descriptors", MetricType::Gauge, open_fds()));
  out.push_back(family("process_max_fds", "Maximum number of open file descriptors",
                       MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  out.push_back(family("process_start_time_seconds",
                       "Start time of the process since the Unix epoch, in seconds",
                       MetricType::Gauge, start));
  out.push_back(
      family("process_threads", "Number of OS threads", MetricType::Gauge, std::stod(stat[17])));
  return out;
}

}  // namespace ds::runtime
