#include "storage/import/csv_header.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <set>
#include <string_view>
#include <utility>

#include "storage/import/text_checks.hpp"

namespace ds::storage {
namespace {

struct Named {
  std::string_view name;
  CsvColumnRole role;
};
constexpr std::array<Named, 6> kRoles{{{"ID", CsvColumnRole::id},
                                       {"LABEL", CsvColumnRole::label},
                                       {"START_ID", CsvColumnRole::start_id},
                                       {"END_ID", CsvColumnRole::end_id},
                                       {"TYPE", CsvColumnRole::type},
                                       {"IGNORE", CsvColumnRole::ignore}}};

struct TypeName {
  std::string_view name;
  CsvValueType type;
};
constexpr std::array<TypeName, 6> kTypes{{{"string", CsvValueType::string},
                                          {"int", CsvValueType::integer},
                                          {"long", CsvValueType::integer},
                                          {"float", CsvValueType::real},
                                          {"double", CsvValueType::real},
                                          {"boolean", CsvValueType::boolean}}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Roles are upper case, as Neo4j writes them: `name:type` stays a property.
std::optional<CsvColumnRole> role_named(std::string_view type) {
  for (const auto& role : kRoles)
    if (role.name == type) return role.role;
  return std::nullopt;
}

std::optional<CsvValueType> type_named(std::string_view type) {
  auto wanted = lower(type);
  for (const auto& known : kTypes)
    if (known.name == wanted) return known.type;
  return std::nullopt;
}

std::string quoted_column(std::size_t index, std::string_view header) {
  return "column " + std::to_string(index + 1) + " \"" + std::string(header) + "\"";
}

/// One header field: `name`, `name:type`, `:ROLE` or `name:ROLE`.
Result<CsvColumn> parse_column(std::size_t index, const std::string& text) {
  CsvColumn column;
  column.header = text;
  auto where = quoted_column(index, text);
  auto fail = [&](const std::string& why) {
    return make_error(errc::invalid_argument, where + ": " + why);
  };
  if (text.empty())
    return make_error(errc::invalid_argument, "column " + std::to_string(index + 1) +
                                                  ": no column name (name it, or write :IGNORE)");
  auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    column.name = text;
    column.type_name = "string";
    return column;
  }
  std::string_view name = std::string_view(text).substr(0, colon);
  std::string_view type = std::string_view(text).substr(colon + 1);
  column.name = std::string(name);
  if (auto role = role_named(type)) {
    column.role = *role;
    return column;
  }
  auto paren = type.find('(');
  if (paren != std::string_view::npos && role_named(type.substr(0, paren)))
    return fail("ID spaces such as :ID(Person) are not supported; keys are global");
  if (name.empty())
    return fail(type_named(type) ? "a property column needs a name (name:" + std::string(type) + ")"
                                 : std::string("unknown column; expected a property name or one of "
                                               ":ID, :LABEL, :START_ID, :END_ID, :TYPE, :IGNORE"));
  if (type.empty()) return fail("nothing after ':' (write name:type, or just name for a string)");
  column.type_name = std::string(type);
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
    column.array = true;
    type.remove_suffix(2);
  }
  auto value_type = type_named(type);
  if (!value_type)
    return fail("unknown type " + std::string(type) +
                "; expected string, int, long, float, double or boolean (or an array of one, such "
                "as int[])");
  column.type = *value_type;
  return column;
}

/// Records the special column at `index` in `slot`, refusing a second one.
Result<void> place(std::size_t& slot, std::size_t index, const CsvColumn& column) {
  if (slot != CsvHeader::kNone)
    return make_error(errc::invalid_argument, quoted_column(index, column.header) + ": a second " +
                                                  column.header.substr(column.header.rfind(':')) +
                                                  " column");
  slot = index;
  return {};
}

/// Node files and edge files each have their own special columns.
Result<void> check_kind(const CsvHeader& header) {
  auto fail = [](const std::string& why) { return make_error(errc::invalid_argument, why); };
  bool nodes = header.id != CsvHeader::kNone, edges = header.start_id != CsvHeader::kNone;
  if (nodes && edges)
    return fail(
        "the header has both :ID (a node file) and :START_ID (an edge file); a file holds "
        "nodes or edges, not both");
  if (!nodes && !edges)
    return fail("the header has neither :ID (a node file) nor :START_ID (an edge file)");
  for (std::size_t i = 0; i < header.columns.size(); ++i) {
    auto role = header.columns[i].role;
    bool edge_only = role == CsvColumnRole::end_id || role == CsvColumnRole::type;
    if (nodes && edge_only)
      return fail(quoted_column(i, header.columns[i].header) +
                  ": only edge files (with :START_ID) have this column");
    if (edges && role == CsvColumnRole::label)
      return fail(quoted_column(i, header.columns[i].header) +
                  ": only node files (with :ID) have labels");
  }
  if (edges && header.end_id == CsvHeader::kNone)
    return fail("an edge file needs an :END_ID column (the target node's key)");
  if (edges && header.type == CsvHeader::kNone)
    return fail("an edge file needs a :TYPE column (the relation type)");
  return {};
}

bool parse_integer(std::string_view text, int64_t& out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool parse_real(std::string_view text, double& out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::optional<Value> scalar(CsvValueType type, std::string_view text) {
  switch (type) {
    case CsvValueType::string:
      return Value(std::string(text));
    case CsvValueType::integer:
      if (int64_t v = 0; parse_integer(text, v)) return Value(v);
      return std::nullopt;
    case CsvValueType::real:
      if (double v = 0; parse_real(text, v)) return Value(v);
      return std::nullopt;
    case CsvValueType::boolean: {
      auto word = lower(text);
      if (word == "true") return Value(true);
      if (word == "false") return Value(false);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

/// How the value must look, for messages.
std::string_view expected(CsvValueType type) {
  switch (type) {
    case CsvValueType::integer:
      return "a 64-bit integer";
    case CsvValueType::real:
      return "a number";
    case CsvValueType::boolean:
      return "true or false";
    case CsvValueType::string:
      break;
  }
  return "text";
}

}  // namespace

Result<CsvHeader> parse_csv_header(const std::vector<CsvField>& fields) {
  CsvHeader header;
  std::set<std::string, std::less<>> property_names;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto column = parse_column(i, fields[i].text);
    if (!column) return column.error();
    Result<void> placed;
    switch (column->role) {
      case CsvColumnRole::id:
        placed = place(header.id, i, *column);
        break;
      case CsvColumnRole::start_id:
        placed = place(header.start_id, i, *column);
        break;
      case CsvColumnRole::end_id:
        placed = place(header.end_id, i, *column);
        break;
      case CsvColumnRole::type:
        placed = place(header.type, i, *column);
        break;
      default:
        break;
    }
    if (!placed) return placed.error();
    bool stored = column->role == CsvColumnRole::property ||
                  (column->role == CsvColumnRole::id && !column->name.empty());
    if (stored && !property_names.insert(column->name).second)
      return make_error(
          errc::invalid_argument,
          quoted_column(i, column->header) + ": a second column for property " + column->name);
    header.columns.push_back(std::move(column).value());
  }
  if (auto ok = check_kind(header); !ok) return ok.error();
  header.edges = header.start_id != CsvHeader::kNone;
  return header;
}

std::string describe_column(const CsvHeader& header, std::size_t index) {
  return quoted_column(index, header.columns[index].header);
}

Result<std::optional<Value>> csv_value(const CsvHeader& header, std::size_t index,
                                       const CsvField& field) {
  const auto& column = header.columns[index];
  bool empty_string = field.quoted && column.type == CsvValueType::string && !column.array;
  if (field.text.empty() && !empty_string) return std::optional<Value>{};
  auto fail = [&](const std::string& what) {
    return make_error(errc::invalid_argument, describe_column(header, index) + ": " + what +
                                                  " is not " + std::string(expected(column.type)));
  };
  if (!column.array) {
    auto value = scalar(column.type, field.text);
    if (!value) return fail(quoted_excerpt(field.text));
    return std::optional<Value>{std::move(*value)};
  }
  Value::List values;
  std::string_view rest = field.text;
  for (std::size_t element = 1;; ++element) {
    auto semicolon = rest.find(';');
    auto text = rest.substr(0, semicolon);
    auto value = scalar(column.type, text);
    if (!value) return fail("element " + std::to_string(element) + " " + quoted_excerpt(text));
    values.push_back(std::move(*value));
    if (semicolon == std::string_view::npos) break;
    rest.remove_prefix(semicolon + 1);
  }
  return std::optional<Value>{Value(std::move(values))};
}

}  // namespace ds::storage
