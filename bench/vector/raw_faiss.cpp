#include "bench/vector/raw_faiss.hpp"

#include <thread>

namespace ds::vector_bench {

Kind kind_of(const faiss::Index& index) {
  if (dynamic_cast<const faiss::IndexHNSW*>(&index)) return Kind::hnsw;
  if (dynamic_cast<const faiss::IndexIVF*>(&index)) return Kind::ivf;
  return Kind::flat;
}

Sample raw_sample(const RawIndex& raw, const Dataset& data, const Case& c, const Run& run,
                  std::size_t cursor, Answers& answers) {
  BatchSource source(cursor, c.batch, run.min_seconds);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < run.threads; ++t)
    threads.emplace_back([&] {
      use_faiss_threads(run.faiss_threads);
      std::vector<float> block;
      std::vector<int64_t> found(c.batch * kTopK);
      while (auto first = source.take()) {
        gather(data, *first, c.batch, block);
        raw.search(block.data(), c.batch, found.data());
        for (std::size_t j = 0; j < c.batch; ++j)
          if (auto* slot = answers.claim((*first + j) % data.query_count()))
            std::copy_n(found.data() + j * kTopK, kTopK, slot);
      }
    });
  for (auto& thread : threads)
    thread.join();
  return {source.answered(), source.seconds(), 0, {}};
}

}  // namespace ds::vector_bench
