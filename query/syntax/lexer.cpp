#include "query/syntax/lexer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/utf8.hpp"

namespace ds::query {

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::end:
      return "the end of the query";
    case TokenKind::identifier:
      return "a name";
    case TokenKind::integer:
      return "an integer";
    case TokenKind::decimal:
      return "a number";
    case TokenKind::string:
      return "a string";
    case TokenKind::parameter:
      return "a parameter";
    case TokenKind::lparen:
      return "'('";
    case TokenKind::rparen:
      return "')'";
    case TokenKind::lbracket:
      return "'['";
    case TokenKind::rbracket:
      return "']'";
    case TokenKind::lbrace:
      return "'{'";
    case TokenKind::rbrace:
      return "'}'";
    case TokenKind::comma:
      return "','";
    case TokenKind::dot:
      return "'.'";
    case TokenKind::dotdot:
      return "'..'";
    case TokenKind::colon:
      return "':'";
    case TokenKind::semicolon:
      return "';'";
    case TokenKind::pipe:
      return "'|'";
    case TokenKind::plus:
      return "'+'";
    case TokenKind::minus:
      return "'-'";
    case TokenKind::star:
      return "'*'";
    case TokenKind::slash:
      return "'/'";
    case TokenKind::percent:
      return "'%'";
    case TokenKind::caret:
      return "'^'";
    case TokenKind::eq:
      return "'='";
    case TokenKind::ne:
      return "'<>'";
    case TokenKind::lt:
      return "'<'";
    case TokenKind::gt:
      return "'>'";
    case TokenKind::le:
      return "'<='";
    case TokenKind::ge:
      return "'>='";
    case TokenKind::regex:
      return "'=~'";
    case TokenKind::plus_eq:
      return "'+='";
  }
  return "a token";
}

bool Token::is(std::string_view keyword) const {
  if (kind != TokenKind::identifier || quoted || text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char a = text[i], b = keyword[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (b >= 'a' && b <= 'z') b = static_cast<char>(b - 'a' + 'A');
    if (a != b) return false;
  }
  return true;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
/// Identifier characters: ASCII letters, digits, `_`, and every non-ASCII
/// code point (so names in any script work without Unicode tables).
bool starts_name(unsigned char c) {
  return c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}
bool continues_name(unsigned char c) { return starts_name(c) || is_digit(static_cast<char>(c)); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  QueryResult<std::vector<Token>> run() {
    if (auto bad = invalid_utf8_at(text_); bad != std::string_view::npos) {
      advance_to(bad);
      return fail("the query is not valid UTF-8 at byte " + std::to_string(bad));
    }
    std::vector<Token> tokens;
    while (true) {
      if (auto skipped = skip_space_and_comments(); !skipped) return skipped.error();
      Token token;
      token.pos = here_;
      if (i_ == text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      auto scanned = scan(token);
      if (!scanned) return scanned.error();
      token.length = static_cast<uint32_t>(i_ - token.pos.offset);
      tokens.push_back(std::move(token));
    }
  }

 private:
  QueryError fail(std::string message) const { return fail_at(here_, std::move(message)); }
  static QueryError fail_at(SourcePos pos, std::string message) {
    return QueryError{QueryErrc::syntax_error, std::move(message), pos};
  }

  char peek(std::size_t ahead = 0) const {
    return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0';
  }

  /// Moves to byte `to`, keeping line and column (in code points) current.
  void advance_to(std::size_t to) {
    to = std::min(to, text_.size());
    while (i_ < to) {
      if (text_[i_] == '\n') {
        ++here_.line;
        here_.column = 1;
        ++i_;
      } else {
        decode_utf8(text_, i_);
        ++here_.column;
      }
    }
    here_.offset = static_cast<uint32_t>(i_);
  }
  void advance(std::size_t bytes = 1) { advance_to(i_ + bytes); }

  QueryResult<bool> skip_space_and_comments() {
    while (i_ < text_.size()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        auto end = text_.find('\n', i_);
        advance_to(end == std::string_view::npos ? text_.size() : end);
      } else if (c == '/' && peek(1) == '*') {
        auto start = here_;
        auto end = text_.find("*/", i_ + 2);
        if (end == std::string_view::npos)
          return fail_at(start, "a comment opened here is never closed with */");
        advance_to(end + 2);
      } else {
        break;
      }
    }
    return true;
  }

  QueryResult<bool> scan(Token& token) {
    char c = peek();
    if (starts_name(static_cast<unsigned char>(c))) return scan_name(token);
    if (c == '`') return scan_quoted_name(token);
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return scan_number(token);
    if (c == '\'' || c == '"') return scan_string(token);
    if (c == '$') return scan_parameter(token);
    return scan_symbol(token);
  }

  QueryResult<bool> scan_name(Token& token) {
    auto start = i_;
    while (i_ < text_.size() && continues_name(static_cast<unsigned char>(peek())))
      advance();
    token.kind = TokenKind::identifier;
    token.text = std::string(text_.substr(start, i_ - start));
    return true;
  }

  QueryResult<bool> scan_quoted_name(Token& token) {
    auto start = here_;
    advance();  // the opening backtick
    std::string name;
    while (true) {
      if (i_ == text_.size()) return fail_at(start, "a name quoted with ` here is never closed");
      if (peek() == '`') {
        if (peek(1) != '`') break;
        name += '`';  // `` inside a quoted name is one backtick
        advance(2);
        continue;
      }
      auto from = i_;
      advance();  // a whole code point
      name.append(text_.substr(from, i_ - from));
    }
    advance();  // the closing backtick
    if (name.empty()) return fail_at(start, "a quoted name may not be empty");
    token.kind = TokenKind::identifier;
    token.text = std::move(name);
    token.quoted = true;
    return true;
  }

  QueryResult<bool> scan_number(Token& token) {
    auto start = i_;
    auto pos = here_;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      advance(2);
      auto digits = i_;
      while (is_hex(peek()))
        advance();
      if (i_ == digits) return fail_at(pos, "expected hexadecimal digits after 0x");
      return finish_integer(token, pos, text_.substr(digits, i_ - digits), 16);
    }
    bool decimal = false;
    while (is_digit(peek()))
      advance();
    // `1..3` is a range, so a '.' starts a fraction only when a digit follows.
    if (peek() == '.' && is_digit(peek(1))) {
      decimal = true;
      advance();
      while (is_digit(peek()))
        advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      std::size_t sign = (peek(1) == '+' || peek(1) == '-') ? 1 : 0;
      if (is_digit(peek(1 + sign))) {
        decimal = true;
        advance(1 + sign);
        while (is_digit(peek()))
          advance();
      }
    }
    if (starts_name(static_cast<unsigned char>(peek())))
      return fail("a number may not run into a name: add a space or an operator");
    auto digits = text_.substr(start, i_ - start);
    if (!decimal) return finish_integer(token, pos, digits, 10);
    token.kind = TokenKind::decimal;
    token.text = std::string(digits);
    token.decimal = std::strtod(token.text.c_str(), nullptr);
    if (!std::isfinite(token.decimal))
      return fail_at(pos, "the number " + token.text + " is too large for a float");
    return true;
  }

  static QueryResult<bool> finish_integer(Token& token, SourcePos pos, std::string_view digits,
                                          int base) {
    uint64_t value = 0;
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    for (char c : digits) {
      uint64_t digit = is_digit(c) ? uint64_t(c - '0') : uint64_t((c | 0x20) - 'a' + 10);
      if (value > (kMax - digit) / static_cast<uint64_t>(base))
        return fail_at(pos, "the integer " + std::string(digits) +
                                " is too large (the largest is 9223372036854775807)");
      value = value * static_cast<uint64_t>(base) + digit;
    }
    token.kind = TokenKind::integer;
    token.text = std::string(digits);
    token.integer = static_cast<int64_t>(value);
    return true;
  }

  QueryResult<bool> scan_string(Token& token) {
    auto start = here_;
    char quote = peek();
    advance();
    std::string value;
    while (true) {
      if (i_ == text_.size()) return fail_at(start, "a string opened here is never closed");
      char c = peek();
      if (c == quote) break;
      if (c != '\\') {
        auto from = i_;
        advance();
        value.append(text_.substr(from, i_ - from));
        continue;
      }
      auto escape = here_;
      if (i_ + 1 == text_.size()) return fail_at(start, "a string opened here is never closed");
      char e = peek(1);
      advance(2);
      switch (e) {
        case '\\':
        case '\'':
        case '"':
          value += e;
          break;
        case 'b':
          value += '\b';
          break;
        case 'f':
          value += '\f';
          break;
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case 'u':
        case 'U': {
          auto unicode = scan_code_point(escape, e == 'u' ? 4 : 8);
          if (!unicode) return unicode.error();
          append_utf8(value, *unicode);
          break;
        }
        default:
          return fail_at(escape, std::string("unknown escape \\") + (e ? std::string(1, e) : "") +
                                     " (known: \\\\ \\' \\\" \\b \\f \\n \\r \\t \\uXXXX)");
      }
    }
    advance();  // the closing quote
    token.kind = TokenKind::string;
    token.text = std::move(value);
    return true;
  }

  QueryResult<char32_t> scan_code_point(SourcePos escape, int digits) {
    uint32_t code = 0;
    for (int d = 0; d < digits; ++d) {
      char c = peek();
      if (!is_hex(c))
        return fail_at(escape, "expected " + std::to_string(digits) + " hexadecimal digits");
      code = code * 16 + static_cast<uint32_t>(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
      advance();
    }
    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return fail_at(escape, "the escape names no Unicode character");
    return static_cast<char32_t>(code);
  }

  QueryResult<bool> scan_parameter(Token& token) {
    auto pos = here_;
    advance();  // '$'
    auto start = i_;
    if (starts_name(static_cast<unsigned char>(peek()))) {
      while (continues_name(static_cast<unsigned char>(peek())))
        advance();
    } else if (is_digit(peek())) {
      while (is_digit(peek()))
        advance();
    } else if (peek() == '`') {
      Token quoted;
      auto scanned = scan_quoted_name(quoted);
      if (!scanned) return scanned.error();
      token.kind = TokenKind::parameter;
      token.text = std::move(quoted.text);
      return true;
    } else {
      return fail_at(pos, "expected a parameter name after $ (like $name or $0)");
    }
    token.kind = TokenKind::parameter;
    token.text = std::string(text_.substr(start, i_ - start));
    return true;
  }

  QueryResult<bool> scan_symbol(Token& token) {
    auto two = [&](char second) { return peek(1) == second; };
    char c = peek();
    std::size_t width = 1;
    switch (c) {
      case '(':
        token.kind = TokenKind::lparen;
        break;
      case ')':
        token.kind = TokenKind::rparen;
        break;
      case '[':
        token.kind = TokenKind::lbracket;
        break;
      case ']':
        token.kind = TokenKind::rbracket;
        break;
      case '{':
        token.kind = TokenKind::lbrace;
        break;
      case '}':
        token.kind = TokenKind::rbrace;
        break;
      case ',':
        token.kind = TokenKind::comma;
        break;
      case ':':
        token.kind = TokenKind::colon;
        break;
      case ';':
        token.kind = TokenKind::semicolon;
        break;
      case '|':
        token.kind = TokenKind::pipe;
        break;
      case '-':
        token.kind = TokenKind::minus;
        break;
      case '*':
        token.kind = TokenKind::star;
        break;
      case '/':
        token.kind = TokenKind::slash;
        break;
      case '%':
        token.kind = TokenKind::percent;
        break;
      case '^':
        token.kind = TokenKind::caret;
        break;
      case '.':
        token.kind = two('.') ? TokenKind::dotdot : TokenKind::dot;
        width = two('.') ? 2 : 1;
        break;
      case '+':
        token.kind = two('=') ? TokenKind::plus_eq : TokenKind::plus;
        width = two('=') ? 2 : 1;
        break;
      case '=':
        token.kind = two('~') ? TokenKind::regex : TokenKind::eq;
        width = two('~') ? 2 : 1;
        break;
      // `<` and `>` pair only with `=` and `<>`: `<-` and `->` are arrows the
      // parser assembles from single tokens, so `a<-1` still reads a < -1.
      case '<':
        if (two('=')) {
          token.kind = TokenKind::le;
          width = 2;
        } else if (two('>')) {
          token.kind = TokenKind::ne;
          width = 2;
        } else {
          token.kind = TokenKind::lt;
        }
        break;
      case '>':
        token.kind = two('=') ? TokenKind::ge : TokenKind::gt;
        width = two('=') ? 2 : 1;
        break;
      case '!':
        if (two('=')) return fail("use <> for 'not equal' (Cypher has no !=)");
        return fail("unexpected character '!': use NOT for negation");
      default: {
        std::size_t at = i_;
        int32_t code = decode_utf8(text_, at);
        std::string shown = code >= 0x20 && code < 0x7f ? "'" + std::string(1, c) + "'"
                                                        : "U+" + hex(static_cast<uint32_t>(code));
        return fail("unexpected character " + shown);
      }
    }
    advance(width);
    return true;
  }

  static std::string hex(uint32_t code) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (int shift = 12; shift >= 0; shift -= 4)
      out += kDigits[(code >> shift) & 0xF];
    return out;
  }

  std::string_view text_;
  std::size_t i_ = 0;
  SourcePos here_;
};

}  // namespace

QueryResult<std::vector<Token>> lex(std::string_view text) { return Lexer(text).run(); }

}  // namespace ds::query
