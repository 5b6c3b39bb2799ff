#include "schema/value_codec.hpp"

#include <type_traits>

namespace ds::schema {

void write_value(Value::Builder out, const ds::Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          out.setNull();
        else if constexpr (std::is_same_v<T, bool>)
          out.setBool(v);
        else if constexpr (std::is_same_v<T, int64_t>)
          out.setInt(v);
        else if constexpr (std::is_same_v<T, double>)
          out.setFloat(v);
        else if constexpr (std::is_same_v<T, std::string>)
          out.setText(v);
        else {
          auto list = out.initList(static_cast<unsigned>(v.size()));
          for (unsigned i = 0; i < v.size(); ++i)
            write_value(list[i], v[i]);
        }
      },
      value.data);
}

ds::Value read_value(Value::Reader in) {
  switch (in.which()) {
    case Value::NULL_:
      return {};
    case Value::BOOL:
      return in.getBool();
    case Value::INT:
      return in.getInt();
    case Value::FLOAT:
      return in.getFloat();
    case Value::TEXT:
      return std::string(in.getText().cStr(), in.getText().size());
    case Value::BYTES: {
      auto bytes = in.getBytes();
      return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
    }
    case Value::LIST: {
      ds::Value::List list;
      for (auto item : in.getList())
        list.push_back(read_value(item));
      return list;
    }
    case Value::MAP: {
      ds::Value::List pairs;
      for (auto entry : in.getMap())
        pairs.push_back(
            ds::Value::List{std::string(entry.getKey().cStr()), read_value(entry.getValue())});
      return pairs;
    }
  }
  return {};  // a union member this build does not know: null
}

void write_properties(capnp::List<Value::Entry>::Builder out, const Properties& properties) {
  unsigned i = 0;
  for (const auto& [name, value] : properties) {
    out[i].setKey(name);
    write_value(out[i].initValue(), value);
    ++i;
  }
}

Properties read_properties(capnp::List<Value::Entry>::Reader in) {
  Properties out;
  for (auto entry : in)
    out.insert_or_assign(std::string(entry.getKey().cStr(), entry.getKey().size()),
                         read_value(entry.getValue()));
  return out;
}

}  // namespace ds::schema
