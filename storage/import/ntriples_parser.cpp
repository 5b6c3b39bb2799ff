#include "storage/import/ntriples_parser.hpp"

#include <cstdio>

#include "common/utf8.hpp"
#include "storage/import/text_checks.hpp"

namespace ds::storage {
namespace {

/// Besides these, IRIREF excludes the control characters and space (0x00-0x20).
constexpr std::string_view kNotInIri = "<>\"{}|^`\\";

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

/// PN_CHARS_U and digits may start a blank node label; PN_CHARS (these plus
/// '-') and '.' may follow. Non-ASCII characters are all taken: the grammar's
/// Unicode ranges exclude only a few rarely seen code points.
bool starts_label(char c) {
  return is_ascii_letter(c) || is_digit(c) || c == '_' || c == ':' || is_non_ascii(c);
}
bool continues_label(char c) { return starts_label(c) || c == '-' || c == '.'; }

/// Bytes in the UTF-8 sequence that `lead` starts (the line is valid UTF-8).
std::size_t utf8_length(char lead) {
  auto b = static_cast<unsigned char>(lead);
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/// The character at `at` as an error message shows it: quoted, or by code
/// when it is a space or a control character.
std::string describe(std::string_view line, std::size_t at) {
  auto byte = static_cast<unsigned char>(line[at]);
  if (byte == ' ') return "a space";
  if (byte < 0x20 || byte == 0x7F) {
    char code[8];
    std::snprintf(code, sizeof code, "0x%02x", byte);
    return std::string("control character ") + code;
  }
  return "'" + std::string(line.substr(at, utf8_length(line[at]))) + "'";
}

class LineParser {
 public:
  explicit LineParser(std::string_view line) : line_(line) {}

  Result<std::optional<RdfTriple>> parse() {
    if (auto why = invalid_utf8_reason(line_); !why.empty())
      return make_error(errc::invalid_argument, why);
    skip_space();
    if (at_end() || peek() == '#') return std::optional<RdfTriple>{};
    RdfTriple triple;
    if (auto ok = subject(triple.subject); !ok) return ok.error();
    if (auto ok = predicate(triple.predicate); !ok) return ok.error();
    if (auto ok = object(triple.object); !ok) return ok.error();
    skip_space();
    if (at_end())
      return fail(pos_, "the line ends before the final '.' (is the triple cut short?)");
    if (peek() != '.')
      return fail(pos_, "expected '.' after the object, found " + describe(line_, pos_));
    ++pos_;
    skip_space();
    if (!at_end() && peek() != '#')
      return fail(pos_, "unexpected " + describe(line_, pos_) + " after the final '.'");
    return std::optional<RdfTriple>{std::move(triple)};
  }

 private:
  Result<void> subject(RdfTerm& term) {
    skip_space();
    if (at_end()) return fail(pos_, "the line ends before the subject");
    if (peek() == '<') return iri(term);
    if (peek() == '_') return blank_node(term);
    if (peek() == '"') return fail(pos_, "a literal cannot be a subject (use an <IRI> or _:label)");
    return fail(pos_, "expected a subject (<IRI> or _:label), found " + describe(line_, pos_));
  }

  Result<void> predicate(RdfTerm& term) {
    skip_space();
    if (at_end())
      return fail(pos_, "the line ends before the predicate (is the triple cut short?)");
    if (peek() == '<') return iri(term);
    if (peek() == '_') return fail(pos_, "a blank node cannot be a predicate (use an <IRI>)");
    if (peek() == '"') return fail(pos_, "a literal cannot be a predicate (use an <IRI>)");
    return fail(pos_, "expected a predicate (<IRI>), found " + describe(line_, pos_));
  }

  Result<void> object(RdfTerm& term) {
    skip_space();
    if (at_end()) return fail(pos_, "the line ends before the object (is the triple cut short?)");
    if (peek() == '<') return iri(term);
    if (peek() == '_') return blank_node(term);
    if (peek() == '"') return literal(term);
    return fail(
        pos_, "expected an object (<IRI>, _:label or \"literal\"), found " + describe(line_, pos_));
  }

  Result<void> iri(RdfTerm& term) {
    term.kind = RdfTerm::Kind::iri;
    term.at = pos_++;
    for (;;) {
      if (at_end()) return fail(term.at, "unterminated IRI (no closing '>')");
      char c = peek();
      if (c == '>') break;
      if (c == '\\') {
        if (auto ok = escape(term.text, false); !ok) return ok;
        continue;
      }
      if (static_cast<unsigned char>(c) <= 0x20 || kNotInIri.find(c) != std::string_view::npos)
        return fail(pos_,
                    describe(line_, pos_) + " is not allowed in an IRI (write it as a \\u escape)");
      term.text += c;
      ++pos_;
    }
    ++pos_;
    if (term.text.empty()) return fail(term.at, "empty IRI <>");
    return {};
  }

  Result<void> blank_node(RdfTerm& term) {
    term.kind = RdfTerm::Kind::blank_node;
    term.at = pos_++;
    if (at_end() || peek() != ':') return fail(term.at, "expected _:label (a blank node)");
    ++pos_;
    auto start = pos_;
    if (at_end() || !starts_label(peek())) return fail(term.at, "empty blank node label after _:");
    while (!at_end() && continues_label(peek()))
      ++pos_;
    while (line_[pos_ - 1] == '.')  // a label cannot end in '.': that one ends the triple
      --pos_;
    term.text = "_:" + std::string(line_.substr(start, pos_ - start));
    return {};
  }

  Result<void> literal(RdfTerm& term) {
    term.kind = RdfTerm::Kind::literal;
    term.at = pos_++;
    for (;;) {
      if (at_end()) return fail(term.at, "unterminated literal (no closing '\"')");
      char c = peek();
      if (c == '"') break;
      if (c == '\\') {
        if (auto ok = escape(term.text, true); !ok) return ok;
        continue;
      }
      if (c == '\r') return fail(pos_, "a carriage return in a literal (write it as \\r)");
      term.text += c;
      ++pos_;
    }
    ++pos_;
    if (!at_end() && peek() == '@') return language(term);
    if (line_.substr(pos_, 2) == "^^") {
      pos_ += 2;
      if (at_end() || peek() != '<') return fail(pos_, "expected a datatype <IRI> after ^^");
      RdfTerm datatype;
      if (auto ok = iri(datatype); !ok) return ok;
      term.datatype = std::move(datatype.text);
    }
    return {};
  }

  /// LANGTAG: '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*; tags compare case-insensitively.
  Result<void> language(RdfTerm& term) {
    auto at = pos_++;
    bool subtag_start = true;
    while (!at_end()) {
      char c = peek();
      if (is_ascii_letter(c) || (is_digit(c) && term.language.find('-') != std::string::npos)) {
        term.language += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        subtag_start = false;
      } else if (c == '-' && !subtag_start) {
        term.language += c;
        subtag_start = true;
      } else {
        break;
      }
      ++pos_;
    }
    if (subtag_start) return fail(at, "bad language tag (expected @en or @en-GB)");
    return {};
  }

  /// At a '\\': ECHAR (literals only) or UCHAR, appended to `out` decoded.
  Result<void> escape(std::string& out, bool in_literal) {
    auto at = pos_++;
    if (at_end()) return fail(at, "bad escape: the line ends after '\\'");
    char c = peek();
    if (c == 'u' || c == 'U') return unicode_escape(out, at, c == 'u' ? 4 : 8);
    if (in_literal) {
      constexpr std::string_view kFrom = "tbnrf\"'\\", kTo = "\t\b\n\r\f\"'\\";
      if (auto k = kFrom.find(c); k != std::string_view::npos) {
        out += kTo[k];
        ++pos_;
        return {};
      }
    }
    auto shown = line_.substr(pos_, utf8_length(c));
    return fail(
        at, "bad escape \\" + std::string(shown) +
                (in_literal ? " (expected \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX or \\UXXXXXXXX)"
                            : " (IRIs allow only \\uXXXX and \\UXXXXXXXX)"));
  }

  Result<void> unicode_escape(std::string& out, std::size_t at, std::size_t digits) {
    ++pos_;  // the u or U
    char32_t code = 0;
    for (std::size_t i = 0; i < digits; ++i, ++pos_) {
      char c = at_end() ? '\0' : peek();
      int value = is_digit(c)              ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : -1;
      if (value < 0)  // show the escape up to the offending character
        return fail(at, "bad escape " + std::string(line_.substr(at, pos_ - at + 1)) +
                            ": expected " + std::to_string(digits) + " hexadecimal digits");
      code = code * 16 + static_cast<char32_t>(value);
    }
    if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
      return fail(at, "bad escape " + std::string(line_.substr(at, pos_ - at)) +
                          ": not a Unicode character (a surrogate or past U+10FFFF)");
    append_utf8(out, code);
    return {};
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t'))
      ++pos_;
  }
  bool at_end() const { return pos_ >= line_.size(); }
  char peek() const { return line_[pos_]; }

  Error fail(std::size_t byte, const std::string& what) const {
    return make_error(errc::invalid_argument,
                      "column " + std::to_string(column_at(line_, byte)) + ": " + what);
  }

  std::string_view line_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::optional<RdfTriple>> parse_ntriples_line(std::string_view line) {
  return LineParser(line).parse();
}

}  // namespace ds::storage
