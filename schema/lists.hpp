#pragma once

// Cap'n Proto lists of numbers as std::vector (their iterators are not
// standard input iterators, so std::vector cannot take them directly).

#include <vector>

#include <capnp/list.h>

namespace ds::schema {

template <class T>
std::vector<T> to_vector(typename capnp::List<T>::Reader list) {
  std::vector<T> out;
  out.reserve(list.size());
  for (auto value : list)
    out.push_back(value);
  return out;
}

}  // namespace ds::schema
