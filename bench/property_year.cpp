// bench_property_year: the core's year of random events (tests/unit/property) for many seeds,
// half with the wall clock also set back. Prints what ran and every property that failed;
// exits 1 when one did.
//
//   bench_property_year [SEEDS] [FIRST_SEED]      (defaults: 200, 1)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/unit/property/year_simulation.hpp"

int main(int argc, char** argv) {
  using namespace screentime::core::property;
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 200;
  const std::uint64_t first = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const auto started = std::chrono::steady_clock::now();
  long events = 0;
  long intervals = 0;
  long restarts = 0;
  int failed = 0;
  for (int i = 0; i < seeds; ++i) {
    const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
    const YearRun run = simulate_year({seed, 365, seed % 2 == 0});
    events += run.events;
    intervals += static_cast<long>(run.intervals.size());
    restarts += run.restarts;
    const auto problems = check_year(run);
    if (!problems.empty()) ++failed;
    for (const std::string& problem : problems) {
      std::printf("seed %llu: %s\n", static_cast<unsigned long long>(seed), problem.c_str());
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "{\"seeds\":%d,\"simulated_days\":%d,\"events\":%ld,\"intervals\":%ld,\"restarts\":%ld,"
      "\"failed_seeds\":%d,\"seconds\":%.1f}\n",
      seeds, seeds * 365, events, intervals, restarts, failed, seconds);
  return failed > 0 ? 1 : 0;
}
