#define BOOST_TEST_MODULE query_error
#include "query/query_error.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds::query;

BOOST_AUTO_TEST_CASE(describe_points_a_caret_at_the_column) {
  std::string text = "MATCH (n)\nRETURN n.name AS";
  QueryError error{QueryErrc::syntax_error, "expected a column name", SourcePos{26, 2, 17}};
  BOOST_TEST(describe(error, text) ==
             "line 2, column 17: expected a column name\n"
             "  RETURN n.name AS\n" +
                 std::string(2 + 16, ' ') + "^");
}

BOOST_AUTO_TEST_CASE(columns_count_code_points_not_bytes) {
  std::string text = "RETURN 'für' + x";
  // 'x' is the 16th character but the 17th byte.
  auto shown = excerpt(text, SourcePos{16, 1, 16});
  BOOST_TEST(shown == "  RETURN 'für' + x\n" + std::string(2 + 15, ' ') + "^");
}

BOOST_AUTO_TEST_CASE(a_long_line_is_cut_around_the_column) {
  std::string text = "RETURN " + std::string(200, 'a') + " +";
  auto shown = excerpt(text, SourcePos{208, 1, 209});
  auto caret_line = shown.substr(shown.find('\n') + 1);
  auto code_line = shown.substr(0, shown.find('\n'));
  BOOST_TEST(code_line.size() < 140u);
  BOOST_TEST(code_line.substr(0, 5) == "  ...");
  // The caret stands under the '+'.
  BOOST_TEST(code_line[caret_line.size() - 1] == '+');
}

BOOST_AUTO_TEST_CASE(an_error_at_the_end_points_past_the_last_character) {
  std::string text = "MATCH (n";
  auto shown = excerpt(text, SourcePos{8, 1, 9});
  BOOST_TEST(shown == "  MATCH (n\n" + std::string(2 + 8, ' ') + "^");
}

BOOST_AUTO_TEST_CASE(codes_have_stable_names_and_service_categories) {
  BOOST_TEST(to_string(QueryErrc::not_supported) == "not_supported");
  BOOST_TEST(to_string(QueryErrc::too_complex) == "too_complex");
  BOOST_TEST((category(QueryErrc::not_supported) == ds::errc::not_supported));
  BOOST_TEST((category(QueryErrc::syntax_error) == ds::errc::invalid_argument));
}
