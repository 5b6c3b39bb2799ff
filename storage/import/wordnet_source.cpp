#include "storage/import/wordnet_source.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "storage/import/line_reader.hpp"

namespace ds::storage {
namespace {

// lexnames(5): lex_filenum -> name.
constexpr std::array<std::string_view, 45> kLexnames{
    "adj.all",          "adj.pert",           "adv.all",
    "noun.Tops",        "noun.act",           "noun.animal",
    "noun.artifact",    "noun.attribute",     "noun.body",
    "noun.cognition",   "noun.communication", "noun.event",
    "noun.feeling",     "noun.food",          "noun.group",
    "noun.location",    "noun.motive",        "noun.object",
    "noun.person",      "noun.phenomenon",    "noun.plant",
    "noun.possession",  "noun.process",       "noun.quantity",
    "noun.relation",    "noun.shape",         "noun.state",
    "noun.substance",   "noun.time",          "verb.body",
    "verb.change",      "verb.cognition",     "verb.communication",
    "verb.competition", "verb.consumption",   "verb.contact",
    "verb.creation",    "verb.emotion",       "verb.motion",
    "verb.perception",  "verb.possession",    "verb.social",
    "verb.stative",     "verb.weather",       "adj.ppl",
};

// wninput(5) pointer symbols -> relation types.
const std::unordered_map<std::string_view, std::string_view>& pointer_types() {
  static const std::unordered_map<std::string_view, std::string_view> types{
      {"!", "antonym"},
      {"@", "hypernym"},
      {"@i", "instance_hypernym"},
      {"~", "hyponym"},
      {"~i", "instance_hyponym"},
      {"#m", "member_holonym"},
      {"#s", "substance_holonym"},
      {"#p", "part_holonym"},
      {"%m", "member_meronym"},
      {"%s", "substance_meronym"},
      {"%p", "part_meronym"},
      {"=", "attribute"},
      {"+", "derivationally_related_form"},
      {";c", "domain_topic"},
      {"-c", "member_of_domain_topic"},
      {";r", "domain_region"},
      {"-r", "member_of_domain_region"},
      {";u", "domain_usage"},
      {"-u", "member_of_domain_usage"},
      {"*", "entailment"},
      {">", "cause"},
      {"^", "also_see"},
      {"$", "verb_group"},
      {"&", "similar_to"},
      {"<", "participle"},
      {"\\", "pertainym"},
  };
  return types;
}

/// The four parts of speech: data/index file suffix and the key letter.
struct PartOfSpeech {
  std::string_view file;
  char letter;
};
constexpr std::array<PartOfSpeech, 4> kParts{
    {{"noun", 'n'}, {"verb", 'v'}, {"adj", 'a'}, {"adv", 'r'}}};

/// Satellites (pos s) live in the adjective files.
char key_letter(char pos) { return pos == 's' ? 'a' : pos; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// "word(a)" -> "word": adjective position markers (a), (p), (ip).
std::string_view strip_marker(std::string_view word) {
  if (!word.empty() && word.back() == ')') {
    auto open = word.rfind('(');
    if (open != std::string_view::npos) return word.substr(0, open);
  }
  return word;
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    auto start = i;
    while (i < text.size() && text[i] != ' ')
      ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

template <class T>
bool parse_number(std::string_view token, T& out, int base = 10) {
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out, base);
  return ec == std::errc() && end == token.data() + token.size();
}

struct Pointer {
  std::string_view type;
  std::string target;  // key of the target synset
};

/// One line of a data.<pos> file, parsed (wndb(5)).
struct SynsetLine {
  std::string key;
  char pos = 'n';
  unsigned lexnum = 0;
  std::vector<std::string> lemmas;
  std::vector<Pointer> pointers;
  std::string gloss;
};

Result<SynsetLine> parse_data_line(const LineReader& reader, std::string_view line,
                                   char file_letter) {
  auto bar = line.find(" | ");
  auto tokens = split(line.substr(0, bar));
  SynsetLine out;
  auto fail = [&](const std::string& what) { return reader.error(what); };
  if (tokens.size() < 6) return fail("expected offset, lex file, type, words and pointers");
  uint64_t offset = 0;
  if (tokens[0].size() != 8 || !parse_number(tokens[0], offset))
    return fail("expected an 8-digit synset offset, got \"" + std::string(tokens[0]) + "\"");
  if (offset != reader.line_offset())
    return fail("synset offset " + std::string(tokens[0]) + " is not the line's byte offset " +
                std::to_string(reader.line_offset()) + " (was the file edited?)");
  if (!parse_number(tokens[1], out.lexnum) || out.lexnum >= kLexnames.size())
    return fail("unknown lex file number \"" + std::string(tokens[1]) + "\"");
  if (tokens[2].size() != 1 ||
      std::string_view("nvasr").find(tokens[2][0]) == std::string_view::npos)
    return fail("unknown synset type \"" + std::string(tokens[2]) + "\"");
  out.pos = tokens[2][0];
  out.key = std::string(1, file_letter) + std::string(tokens[0]);
  unsigned words = 0;
  if (!parse_number(tokens[3], words, 16) || words == 0)
    return fail("expected a hexadecimal word count, got \"" + std::string(tokens[3]) + "\"");
  std::size_t i = 4;
  if (tokens.size() < i + 2 * words + 1) return fail("the line ends inside its word list");
  for (unsigned w = 0; w < words; ++w, i += 2)
    out.lemmas.emplace_back(strip_marker(tokens[i]));
  unsigned pointers = 0;
  if (!parse_number(tokens[i++], pointers)) return fail("expected a pointer count");
  if (tokens.size() < i + 4 * pointers) return fail("the line ends inside its pointer list");
  for (unsigned p = 0; p < pointers; ++p, i += 4) {
    auto type = pointer_types().find(tokens[i]);
    if (type == pointer_types().end())
      return fail("pointer " + std::to_string(p + 1) + ": unknown symbol \"" +
                  std::string(tokens[i]) + "\"");
    auto target_pos = tokens[i + 2];
    if (target_pos.size() != 1 ||
        std::string_view("nvasr").find(target_pos[0]) == std::string_view::npos ||
        tokens[i + 1].size() != 8)
      return fail("pointer " + std::to_string(p + 1) + ": bad target \"" +
                  std::string(tokens[i + 1]) + " " + std::string(target_pos) + "\"");
    out.pointers.push_back(
        {type->second, std::string(1, key_letter(target_pos[0])) + std::string(tokens[i + 1])});
  }
  if (bar == std::string_view::npos) return fail("no gloss (\" | \") on the line");
  auto gloss = line.substr(bar + 3);
  while (!gloss.empty() && gloss.back() == ' ')
    gloss.remove_suffix(1);
  out.gloss = std::string(gloss);
  return out;
}

/// index.<pos>: lemma -> the offsets of its synsets, in sense order.
using SenseIndex = std::unordered_map<std::string, std::vector<std::string>>;

Result<SenseIndex> read_index(const std::filesystem::path& path) {
  auto reader = LineReader::open(path);
  if (!reader) return reader.error();
  SenseIndex index;
  std::string line;
  while (reader->next(line)) {
    if (line.empty() || line[0] == ' ') continue;  // the license header
    auto tokens = split(line);
    unsigned synsets = 0, pointers = 0;
    if (tokens.size() < 4 || !parse_number(tokens[2], synsets) ||
        !parse_number(tokens[3], pointers) || tokens.size() != 4 + pointers + 2 + synsets)
      return reader->error("malformed index line (wndb(5): lemma pos synset_cnt p_cnt ...)");
    auto& offsets = index[std::string(tokens[0])];
    for (std::size_t k = tokens.size() - synsets; k < tokens.size(); ++k)
      offsets.emplace_back(tokens[k]);
  }
  return index;
}

class WordNetSource final : public ImportSource {
 public:
  WordNetSource(std::filesystem::path dir, std::array<SenseIndex, 4> senses, uint64_t data_bytes)
      : dir_(std::move(dir)), senses_(std::move(senses)), bytes_total_(2 * data_bytes) {}

  Result<std::optional<ImportBatch>> next(std::size_t max_items) override {
    auto& batch = pending_;
    std::string line;
    while (batch.size() < max_items) {
      if (!reader_) {
        if (part_ == kParts.size()) {
          if (pass_ == 1) break;  // both passes done
          pass_ = 1;
          part_ = 0;
        }
        auto opened = LineReader::open(dir_ / ("data." + std::string(kParts[part_].file)));
        if (!opened) return opened.error();
        reader_.emplace(std::move(opened).value());
      }
      if (!reader_->next(line)) {
        bytes_done_ += reader_->bytes_total();
        reader_.reset();
        ++part_;
        continue;
      }
      if (line.empty() || line[0] == ' ') continue;  // the license header
      auto synset = parse_data_line(*reader_, line, kParts[part_].letter);
      if (!synset) return synset.error();
      if (pass_ == 0) {
        auto node = to_node(*synset);
        if (!node) return node.error();
        batch.nodes.push_back(std::move(node).value());
      } else {
        append_edges(*synset, batch.edges);
      }
    }
    if (batch.size() == 0) return std::optional<ImportBatch>{};
    return std::optional<ImportBatch>{std::exchange(pending_, ImportBatch{})};
  }

  ImportProgress progress() const override {
    return {bytes_done_ + (reader_ ? reader_->bytes_done() : 0), bytes_total_};
  }

 private:
  Result<NodeItem> to_node(const SynsetLine& synset) const {
    auto lemma = lower(synset.lemmas.front());
    const auto& index = senses_[part_];
    auto senses = index.find(lemma);
    auto offset = synset.key.substr(1);
    std::size_t sense = 0;
    if (senses != index.end()) {
      auto at = std::find(senses->second.begin(), senses->second.end(), offset);
      if (at != senses->second.end())
        sense = static_cast<std::size_t>(at - senses->second.begin()) + 1;
    }
    if (sense == 0)
      return reader_->error("synset " + synset.key + ": lemma \"" + lemma +
                            "\" lists no such sense in index." + std::string(kParts[part_].file));
    auto number = std::to_string(sense);
    if (number.size() < 2) number.insert(0, "0");
    Value::List lemmas(synset.lemmas.begin(), synset.lemmas.end());
    return NodeItem{synset.key,
                    {"Synset"},
                    {{"id", synset.key},
                     {"name", lemma + "." + synset.pos + "." + number},
                     {"pos", std::string(1, synset.pos)},
                     {"lemmas", std::move(lemmas)},
                     {"gloss", synset.gloss},
                     {"lexname", std::string(kLexnames[synset.lexnum])}}};
  }

  /// Lexical pointers of several words may name the same synset pair: once.
  static void append_edges(const SynsetLine& synset, std::vector<EdgeItem>& out) {
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (const auto& p : synset.pointers)
      if (seen.emplace(p.type, p.target).second)
        out.push_back(EdgeItem{synset.key, std::string(p.type), p.target, {}});
  }

  std::filesystem::path dir_;
  std::array<SenseIndex, 4> senses_;
  uint64_t bytes_total_ = 0;
  uint64_t bytes_done_ = 0;
  int pass_ = 0;          // 0: nodes, 1: edges
  std::size_t part_ = 0;  // index into kParts
  std::optional<LineReader> reader_;
  ImportBatch pending_;  // items read before a bad line wait here for the next call
};

}  // namespace

Result<std::unique_ptr<ImportSource>> open_wordnet(const std::filesystem::path& dir) {
  std::array<SenseIndex, 4> senses;
  uint64_t data_bytes = 0;
  for (std::size_t i = 0; i < kParts.size(); ++i) {
    auto index = read_index(dir / ("index." + std::string(kParts[i].file)));
    if (!index) return index.error();
    senses[i] = std::move(index).value();
    std::error_code ec;
    auto data = dir / ("data." + std::string(kParts[i].file));
    auto size = std::filesystem::file_size(data, ec);
    if (ec)
      return make_error(errc::not_found, data.string() + ": " + ec.message() +
                                             " (is Debian's wordnet-base installed?)");
    data_bytes += size;
  }
  return std::unique_ptr<ImportSource>(new WordNetSource(dir, std::move(senses), data_bytes));
}

}  // namespace ds::storage
