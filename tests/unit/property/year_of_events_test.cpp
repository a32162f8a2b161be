// Property tests of the core: a year of random events through one user's session, for a
// table of seeds (bench/property_year runs many more). What must hold is in check_year().
#include <gtest/gtest.h>

#include "tests/unit/property/year_simulation.hpp"

namespace screentime::core::property {
namespace {

struct Seed {
  std::uint64_t seed;
  bool backward_jumps;
};

class AYearOfEvents : public ::testing::TestWithParam<Seed> {};

TEST_P(AYearOfEvents, KeepsEveryAccountingRule) {
  const YearRun run = simulate_year({GetParam().seed, 365, GetParam().backward_jumps});
  ASSERT_GT(run.events, 1000);
  ASSERT_GT(run.restarts, 10);
  for (const std::string& problem : check_year(run)) ADD_FAILURE() << problem;
}

INSTANTIATE_TEST_SUITE_P(Seeds, AYearOfEvents,
                         ::testing::Values(Seed{1, false}, Seed{2, false}, Seed{3, true},
                                           Seed{4, true}),
                         [](const ::testing::TestParamInfo<Seed>& seed) {
                           return "Seed" + std::to_string(seed.param.seed) +
                                  (seed.param.backward_jumps ? "WithClockSetBack" : "");
                         });

}  // namespace
}  // namespace screentime::core::property
