#include "bench/vector/samples.hpp"

#include <tuple>

#include <omp.h>

namespace ds::vector_bench {

void use_faiss_threads(int threads) { omp_set_num_threads(threads); }


void keep_best(std::vector<Scored>& hits) {
  auto top = std::min(kTopK, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(top), hits.end(),
                    [](const Scored& a, const Scored& b) {
                      return a.score < b.score || (a.score == b.score && a.id < b.id);
                    });
  hits.resize(top);
}

std::vector<Figure> measure(const Run& run, const Dataset& data, const std::vector<int64_t>& truth,
                            const std::vector<Path>& paths) {
  std::vector<std::vector<double>> rates(paths.size());
  std::vector<std::size_t> cursors(paths.size(), 0);
  std::vector<std::unique_ptr<Answers>> answers;
  std::vector<Figure> figures(paths.size());
  for (std::size_t p = 0; p < paths.size(); ++p)
    answers.push_back(std::make_unique<Answers>(data.query_count()));
  for (unsigned i = 0; i < run.warmup + run.runs; ++i)
    for (std::size_t p = 0; p < paths.size(); ++p) {
      auto sample = paths[p](cursors[p], *answers[p]);
      cursors[p] = (cursors[p] + sample.answered) % data.query_count();
      if (i >= run.warmup) rates[p].push_back(double(sample.answered) / sample.seconds);
      figures[p].failures += sample.failures;
      if (figures[p].first_error.empty()) figures[p].first_error = sample.first_error;
    }
  for (std::size_t p = 0; p < paths.size(); ++p) {
    figures[p].per_s = median(rates[p]);
    std::tie(figures[p].recall, figures[p].covered) = answers[p]->recall(truth);
  }
  return figures;
}

}  // namespace ds::vector_bench
