#define BOOST_TEST_MODULE datum
#include "query/datum.hpp"

#include <cmath>

#include <boost/test/unit_test.hpp>

using namespace ds::query;

BOOST_AUTO_TEST_CASE(equality_is_three_valued) {
  BOOST_TEST((equals(Datum{1}, Datum{1.0}) == Ternary::true_));
  BOOST_TEST((equals(Datum{1}, Datum{"1"}) == Ternary::false_));
  BOOST_TEST((equals(Datum{}, Datum{}) == Ternary::null));
  BOOST_TEST((equals(Datum{Datum::List{1, Datum{}}}, Datum{Datum::List{1, 2}}) == Ternary::null));
  BOOST_TEST((equals(Datum{Datum::List{1, Datum{}}}, Datum{Datum::List{2, 2}}) == Ternary::false_));
  BOOST_TEST(
      (equals(Datum{NodeValue{7, nullptr}}, Datum{NodeValue{7, nullptr}}) == Ternary::true_));
}

BOOST_AUTO_TEST_CASE(large_integers_compare_exactly) {
  Datum big = int64_t{9007199254740993};  // 2^53 + 1: not a double
  BOOST_TEST((equals(big, Datum{int64_t{9007199254740992}}) == Ternary::false_));
  BOOST_TEST(*compare(big, Datum{int64_t{9007199254740992}}) == 1);
}

BOOST_AUTO_TEST_CASE(comparison_of_unlike_types_is_null) {
  BOOST_TEST(!compare(Datum{1}, Datum{"a"}).has_value());
  BOOST_TEST(!compare(Datum{std::nan("")}, Datum{1}).has_value());
  BOOST_TEST(*compare(Datum{"a"}, Datum{"b"}) == -1);
  BOOST_TEST(*compare(Datum{Datum::List{1, 2}}, Datum{Datum::List{1, 3}}) == -1);
}

BOOST_AUTO_TEST_CASE(order_by_has_a_total_order_with_null_last) {
  std::vector<Datum> values{
      Datum{}, Datum{1}, Datum{"a"}, Datum{true}, Datum::map({{"k", 1}}), Datum{Datum::List{}}};
  std::sort(values.begin(), values.end(),
            [](const Datum& a, const Datum& b) { return order(a, b) < 0; });
  std::vector<std::string> names;
  for (const auto& v : values)
    names.emplace_back(type_name(v));
  BOOST_TEST(
      (names == std::vector<std::string>{"MAP", "LIST", "STRING", "BOOLEAN", "INTEGER", "NULL"}));
}

BOOST_AUTO_TEST_CASE(equivalence_groups_null_and_mixed_numbers) {
  BOOST_TEST(equivalent(Datum{}, Datum{}));
  BOOST_TEST(equivalent(Datum{2}, Datum{2.0}));
  BOOST_TEST(hash(Datum{2}) == hash(Datum{2.0}));
  BOOST_TEST(!equivalent(Datum{2}, Datum{"2"}));
  BOOST_TEST(equivalent(Datum{Datum::List{Datum{}, 1}}, Datum{Datum::List{Datum{}, 1.0}}));
}

BOOST_AUTO_TEST_CASE(maps_sort_their_keys_and_the_last_duplicate_wins) {
  auto map = Datum::map({{"b", 1}, {"a", 2}, {"b", 3}});
  BOOST_TEST(to_display(map) == "{a: 2, b: 3}");
}

BOOST_AUTO_TEST_CASE(property_values_round_trip) {
  ds::Value value{ds::Value::List{ds::Value{1}, ds::Value{"x"}, ds::Value{2.5}}};
  auto datum = from_value(value);
  BOOST_TEST(to_display(datum) == "[1, 'x', 2.5]");
  BOOST_TEST((*to_value(datum) == value));
  BOOST_TEST(!to_value(Datum::map({{"a", 1}})).has_value());
  BOOST_TEST(to_display(Datum{3.0}) == "3.0");
  BOOST_TEST(to_display(Datum{0.1}) == "0.1");
}
