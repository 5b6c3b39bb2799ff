#pragma once

// An ImportBatch (storage/import) as the gateway's ImportRequest message.

#include <chrono>
#include <cstdint>

#include "protocol/wire/envelope.hpp"
#include "storage/import/import_source.hpp"

namespace ds::protocol {

wire::Envelope import_request(const storage::ImportBatch& batch, uint64_t request_id,
                              std::chrono::system_clock::time_point deadline);

}  // namespace ds::protocol
