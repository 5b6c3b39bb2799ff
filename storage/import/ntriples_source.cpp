#include "storage/import/ntriples_source.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <unordered_map>
#include <utility>
#include <variant>

#include "storage/import/input_files.hpp"
#include "storage/import/ntriples_parser.hpp"
#include "storage/import/text_checks.hpp"

namespace ds::storage {
namespace {

constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr std::size_t kTriplesPerItem = 64;

constexpr std::array<std::string_view, 13> kIntegerTypes{"integer",
                                                         "long",
                                                         "int",
                                                         "short",
                                                         "byte",
                                                         "nonNegativeInteger",
                                                         "positiveInteger",
                                                         "nonPositiveInteger",
                                                         "negativeInteger",
                                                         "unsignedLong",
                                                         "unsignedInt",
                                                         "unsignedShort",
                                                         "unsignedByte"};

/// A literal's value; nullopt when its lexical form is not one of its type.
using Parsed = std::optional<Value>;

/// XSD allows a leading '+', std::from_chars does not.
std::string_view drop_plus(std::string_view text) {
  return !text.empty() && text[0] == '+' ? text.substr(1) : text;
}

Parsed integer_value(std::string_view lexical) {
  auto text = drop_plus(lexical);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return Value(std::string(lexical));  // kept exactly
  if (ec != std::errc()) return std::nullopt;
  return Value(value);
}

Parsed real_value(std::string_view lexical, bool decimal) {
  if (!decimal) {
    if (lexical == "INF" || lexical == "+INF")
      return Value(std::numeric_limits<double>::infinity());
    if (lexical == "-INF") return Value(-std::numeric_limits<double>::infinity());
    if (lexical == "NaN") return Value(std::numeric_limits<double>::quiet_NaN());
  }
  auto text = drop_plus(lexical);
  // from_chars also reads "inf" and "nan", which XSD spells differently.
  auto digits = !text.empty() && text[0] == '-' ? text.substr(1) : text;
  if (digits.empty() || !(std::isdigit(static_cast<unsigned char>(digits[0])) || digits[0] == '.'))
    return std::nullopt;
  double value = 0;
  auto format = decimal ? std::chars_format::fixed : std::chars_format::general;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, format);
  if (end != text.data() + text.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return Value(std::string(lexical));
  if (ec != std::errc()) return std::nullopt;
  return Value(value);
}

Parsed literal_value(const RdfTerm& literal) {
  std::string_view type = literal.datatype;
  if (type.substr(0, kXsd.size()) != kXsd) return Value(literal.text);
  type.remove_prefix(kXsd.size());
  if (std::find(kIntegerTypes.begin(), kIntegerTypes.end(), type) != kIntegerTypes.end())
    return integer_value(literal.text);
  if (type == "double" || type == "float" || type == "decimal")
    return real_value(literal.text, type == "decimal");
  if (type == "boolean") {
    if (literal.text == "true" || literal.text == "1") return Value(true);
    if (literal.text == "false" || literal.text == "0") return Value(false);
    return std::nullopt;
  }
  return Value(literal.text);
}

/// A literal triple: one property value of a subject.
struct PropertyValue {
  std::string subject;
  std::string name;
  Value value;
};

/// What one triple adds to a batch.
using Statement = std::variant<EdgeItem, PropertyValue>;

/// A second value of a property turns it into a list of the distinct values.
void add_value(Properties& properties, std::string name, Value value) {
  auto [at, added] = properties.try_emplace(std::move(name), value);
  if (added || at->second == value) return;
  if (auto* list = std::get_if<Value::List>(&at->second.data)) {
    if (std::find(list->begin(), list->end(), value) == list->end())
      list->push_back(std::move(value));
    return;
  }
  Value::List values{std::move(at->second), std::move(value)};
  at->second = Value(std::move(values));
}

/// The statement of one line; nullopt for a blank or comment line.
Result<std::optional<Statement>> read_statement(const LineReader& reader, std::string_view line) {
  auto parsed = parse_ntriples_line(line);
  if (!parsed) return reader.error(parsed.error().message);
  if (!*parsed) return std::optional<Statement>{};
  auto& [subject, predicate, object] = **parsed;
  auto at = [&](const RdfTerm& term) {
    return "column " + std::to_string(column_at(line, term.at)) + ": ";
  };
  if (auto why = check_key(subject.text, "the subject"); !why.empty())
    return reader.error(at(subject) + why);
  if (auto why = check_name(predicate.text, "the predicate IRI (a relation type)"); !why.empty())
    return reader.error(at(predicate) + why);
  if (object.kind != RdfTerm::Kind::literal) {
    if (auto why = check_key(object.text, "the object"); !why.empty())
      return reader.error(at(object) + why);
    return std::optional<Statement>{
        EdgeItem{std::move(subject.text), std::move(predicate.text), std::move(object.text), {}}};
  }
  auto value = literal_value(object);
  if (!value)
    return reader.error(at(object) + quoted_excerpt(object.text) +
                        " is not a valid xsd:" + object.datatype.substr(kXsd.size()));
  auto name = std::move(predicate.text);
  if (!object.language.empty()) name += "@" + object.language;
  return std::optional<Statement>{
      PropertyValue{std::move(subject.text), std::move(name), std::move(*value)}};
}

class NTriplesSource final : public ImportSource {
 public:
  explicit NTriplesSource(InputFiles files) : files_(std::move(files)) {}

  Result<std::optional<ImportBatch>> next(std::size_t max_items) override {
    if (carried_) add(*std::exchange(carried_, std::nullopt));
    std::string line;
    while (triples_ < kTriplesPerItem * max_items) {
      auto reader = files_.current();
      if (!reader) return reader.error();
      if (!*reader) break;
      if (!(*reader)->next(line)) {
        files_.finish_current();
        continue;
      }
      auto statement = read_statement(**reader, line);
      if (!statement) return statement.error();  // pending_ keeps what came before
      if (!*statement) continue;
      if (!fits(**statement, max_items)) {
        carried_ = std::move(*statement);
        break;
      }
      add(std::move(**statement));
    }
    if (pending_.size() == 0) return std::optional<ImportBatch>{};
    subjects_.clear();
    triples_ = 0;
    return std::optional<ImportBatch>{std::exchange(pending_, ImportBatch{})};
  }

  ImportProgress progress() const override { return files_.progress(); }

 private:
  /// A literal of a subject the batch holds adds no item, so it always fits.
  bool fits(const Statement& statement, std::size_t max_items) const {
    if (pending_.size() < max_items) return true;
    const auto* property = std::get_if<PropertyValue>(&statement);
    return property && subjects_.count(property->subject);
  }

  void add(Statement statement) {
    ++triples_;
    if (auto* edge = std::get_if<EdgeItem>(&statement)) {
      pending_.edges.push_back(std::move(*edge));
      return;
    }
    auto& property = std::get<PropertyValue>(statement);
    auto [at, added] = subjects_.try_emplace(property.subject, pending_.nodes.size());
    if (added) pending_.nodes.push_back(NodeItem{std::move(property.subject), {}, {}});
    add_value(pending_.nodes[at->second].properties, std::move(property.name),
              std::move(property.value));
  }

  InputFiles files_;
  ImportBatch pending_;  // items read before a bad line wait here for the next call
  std::unordered_map<std::string, std::size_t> subjects_;  // subject -> index in pending_.nodes
  std::size_t triples_ = 0;                                // read into pending_
  std::optional<Statement> carried_;                       // read, but did not fit the last batch
};

}  // namespace

Result<std::unique_ptr<ImportSource>> open_ntriples(std::vector<std::filesystem::path> paths) {
  auto files = InputFiles::open("ntriples", std::move(paths));
  if (!files) return files.error();
  return std::unique_ptr<ImportSource>(new NTriplesSource(std::move(files).value()));
}

}  // namespace ds::storage
