#pragma once

// The one adapter from faiss::FaissException to ds::Error. FAISS reports
// what it cannot do (a factory string it does not know, an index that gives
// no vectors back, a corrupt file) by throwing; the store answers values.

#include <string>
#include <type_traits>
#include <utility>

#include <faiss/impl/FaissException.h>

#include "common/result.hpp"

namespace ds::storage {

/// Runs `call` (returning void or a Result); a FaissException it throws
/// becomes the error `on_error(FAISS's message)` returns.
template <class Call, class OnError>
auto catch_faiss(Call&& call, OnError&& on_error) {
  using Returned = decltype(call());
  using Out = std::conditional_t<std::is_void_v<Returned>, Result<void>, Returned>;
  try {
    if constexpr (std::is_void_v<Returned>) {
      call();
      return Out{};
    } else {
      return Out{call()};
    }
  } catch (const faiss::FaissException& e) {
    return Out{std::forward<OnError>(on_error)(e.msg)};
  }
}

/// catch_faiss with the error `code`, "<what>: <FAISS's message>".
template <class Call>
auto catch_faiss(Call&& call, errc code, const std::string& what) {
  return catch_faiss(std::forward<Call>(call),
                     [&](const std::string& why) { return make_error(code, what + ": " + why); });
}

}  // namespace ds::storage
