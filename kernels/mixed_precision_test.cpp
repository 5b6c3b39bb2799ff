#define BOOST_TEST_MODULE kernels_mixed_precision
#include "kernels/mixed_precision.hpp"

#include <limits>

#include <boost/test/unit_test.hpp>

using namespace ds::kernels;

BOOST_AUTO_TEST_CASE(fp16_flushes_small_gradients_unless_they_are_scaled) {
  // 1e-9 is below fp16's smallest subnormal (6e-8): unscaled it is lost.
  std::vector<float> unscaled{1e-9f, -3e-9f};
  BOOST_TEST(!finish_gradients(Precision::fp16, 1.0f, unscaled));
  BOOST_TEST(unscaled[0] == 0.0f);
  BOOST_TEST(unscaled[1] == 0.0f);
  std::vector<float> scaled{1e-9f, -3e-9f};
  BOOST_TEST(!finish_gradients(Precision::fp16, LossScale::kInitial, scaled));
  BOOST_TEST(scaled[0] == 1e-9f, boost::test_tools::tolerance(2e-3f));
  BOOST_TEST(scaled[1] == -3e-9f, boost::test_tools::tolerance(2e-3f));
  // bf16 has fp32's range: no scale needed, 8 bits of mantissa kept.
  std::vector<float> bf{1e-9f, 1.0f + 1.0f / 512};
  BOOST_TEST(!finish_gradients(Precision::bf16, 1.0f, bf));
  BOOST_TEST(bf[0] == 1e-9f, boost::test_tools::tolerance(4e-3f));
  BOOST_TEST(bf[1] == 1.0f);  // halfway to the next bf16 value: ties to even
}

BOOST_AUTO_TEST_CASE(a_gradient_past_fp16s_range_at_the_scale_is_an_overflow) {
  std::vector<float> g{1.0f, 2.0f};
  BOOST_TEST(finish_gradients(Precision::fp16, 65536.0f, g));  // 2 x 65536 > 65504
  std::vector<float> fits{1.0f, 2.0f};
  BOOST_TEST(!finish_gradients(Precision::fp16, 16384.0f, fits));
  BOOST_TEST(fits[1] == 2.0f);
  std::vector<float> nan{std::numeric_limits<float>::quiet_NaN()};
  BOOST_TEST(finish_gradients(Precision::bf16, 1.0f, nan));
  std::vector<float> exact{0.1f};
  BOOST_TEST(!finish_gradients(Precision::fp32, 1.0f, exact));
  BOOST_TEST(exact[0] == 0.1f);  // fp32 tables are left alone
}

BOOST_AUTO_TEST_CASE(the_scale_halves_on_overflow_and_doubles_after_a_run_of_good_steps) {
  LossScale s;
  s.update(true);
  BOOST_TEST(s.scale == LossScale::kInitial / 2);
  for (uint32_t i = 0; i + 1 < LossScale::kGrowthInterval; ++i)
    s.update(false);
  BOOST_TEST(s.scale == LossScale::kInitial / 2);
  s.update(false);
  BOOST_TEST(s.scale == LossScale::kInitial);
  s.update(false);
  s.update(true);  // an overflow restarts the run
  BOOST_TEST(s.scale == LossScale::kInitial / 2);
  BOOST_TEST(s.good_steps == 0u);
  for (int i = 0; i < 40; ++i)
    s.update(true);
  BOOST_TEST(s.scale == 1.0f);  // never below 1
}

BOOST_AUTO_TEST_CASE(a_batch_over_slots_renumbers_its_rows_in_ascending_order) {
  TrainBatch batch;
  batch.positives = {{40, 7, 10}, {10, 3, 90}};
  batch.negatives = {5, 40};
  batch.chunk_size = 2;
  batch.negatives_per_chunk = 2;
  RowSlots slots(batch);
  auto over = batch_over_slots(batch, slots);
  // Entities 5, 10, 40, 90 -> 0..3; relations 3, 7 -> 0, 1.
  BOOST_TEST(over.positives[0].head == 2u);
  BOOST_TEST(over.positives[0].relation == 1u);
  BOOST_TEST(over.positives[0].tail == 1u);
  BOOST_TEST(over.positives[1].tail == 3u);
  BOOST_TEST(over.negatives == (std::vector<uint32_t>{0, 2}), boost::test_tools::per_element());
  std::vector<float> table{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};  // 3 rows of 2
  auto rows = rounded_rows(Precision::bf16, table, std::vector<uint32_t>{2, 0}, 2);
  BOOST_TEST(rows.size() == 4u);
  BOOST_TEST(rows[0] == to_float(to_bf16(0.5f)));
  BOOST_TEST(rows[3] == to_float(to_bf16(0.2f)));
}
