// VectorIndex::serialize / deserialize: the layout of an index's bytes.
//   u8 staging, u64 train_size, u64 n, n x u64 entity ids, n x u8 tombstones,
//   then FAISS's write_index bytes to the end.
// Integers little-endian, as the machines this runs on.

#include <cstring>

#include <faiss/IndexIVF.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include "storage/vector/faiss_error.hpp"
#include "storage/vector/raw_bytes.hpp"
#include "storage/vector/vector_index.hpp"

namespace ds::storage {
std::string VectorIndex::serialize() const {
  std::string out;
  raw_bytes::put<uint8_t>(out, staging_ ? 1 : 0);
  raw_bytes::put<uint64_t>(out, train_size_);
  raw_bytes::put<uint64_t>(out, labels_.size());
  out.append(reinterpret_cast<const char*>(labels_.data()), labels_.size() * sizeof(EntityId));
  out.append(dead_.data(), dead_.size());
  faiss::VectorIOWriter writer;
  faiss::write_index(index_.get(), &writer);
  out.append(reinterpret_cast<const char*>(writer.data.data()), writer.data.size());
  return out;
}

Result<std::unique_ptr<VectorIndex>> VectorIndex::deserialize(VectorSpaceSpec spec,
                                                              std::string_view bytes) {
  auto corrupt = [&](const std::string& what) {
    return make_error(errc::io_error, "space " + spec.name + ": index bytes: " + what);
  };
  uint8_t staging = 0;
  uint64_t train_size = 0, count = 0;
  if (!raw_bytes::take(bytes, staging) || !raw_bytes::take(bytes, train_size) ||
      !raw_bytes::take(bytes, count) || bytes.size() < count * (sizeof(EntityId) + 1))
    return corrupt("cut short");
  std::unique_ptr<VectorIndex> index(new VectorIndex(std::move(spec)));
  index->staging_ = staging != 0;
  index->train_size_ = static_cast<std::size_t>(train_size);
  index->labels_.resize(count);
  std::memcpy(index->labels_.data(), bytes.data(), count * sizeof(EntityId));
  bytes.remove_prefix(count * sizeof(EntityId));
  index->dead_.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(count));
  bytes.remove_prefix(count);
  for (std::size_t i = 0; i < count; ++i)
    if (index->dead_[i])
      ++index->dead_count_;
    else
      index->slots_[index->labels_[i]] = static_cast<int64_t>(i);
  auto read = catch_faiss(
      [&] {
        faiss::VectorIOReader reader;
        reader.data.assign(bytes.begin(), bytes.end());
        index->index_.reset(faiss::read_index(&reader));
      },
      [&](const std::string& why) { return corrupt("FAISS cannot read them: " + why); });
  if (!read) return read.error();
  if (static_cast<uint64_t>(index->index_->ntotal) != count)
    return corrupt("FAISS holds " + std::to_string(index->index_->ntotal) + " vectors, the id map " +
                   std::to_string(count));
  if (index->index_->d != static_cast<int>(index->spec_.dim))
    return corrupt("dimension " + std::to_string(index->index_->d) + ", the space's is " +
                   std::to_string(index->spec_.dim));
  return index;
}

}  // namespace ds::storage
