#define BOOST_TEST_MODULE kernels_select_backend
#include "kernels/select_backend.hpp"

#include <boost/test/unit_test.hpp>

using namespace ds::kernels;

BOOST_AUTO_TEST_CASE(the_probe_picks_a_gpu_or_says_why_it_falls_back_to_the_cpu) {
  auto selected = select_backend();
  BOOST_REQUIRE(selected.backend != nullptr);
  BOOST_TEST_MESSAGE(selected.note);
  if (selected.backend->device().kind == DeviceInfo::Kind::cpu) {
    BOOST_TEST(selected.note.find("using the CPU") != std::string::npos);
    // The reason: a build without CUDA, or what the driver said.
    BOOST_TEST(selected.note.size() > std::string("using the CPU").size() + 10);
  } else {
    BOOST_TEST(selected.note.find("CUDA device 0") == 0u);
  }
}

BOOST_AUTO_TEST_CASE(asking_for_the_cpu_gets_it_and_every_list_ends_with_it) {
  BOOST_TEST((select_backend(false).backend->device().kind == DeviceInfo::Kind::cpu));
  std::string note;
  auto all = all_backends(note);
  BOOST_REQUIRE(!all.empty());
  BOOST_TEST((all.back()->device().kind == DeviceInfo::Kind::cpu));
  if (all.size() == 1) BOOST_TEST(!note.empty());
}
