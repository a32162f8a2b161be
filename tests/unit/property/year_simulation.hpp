#pragma once
// A year of random events through one user's core session (core::UserSession), as the daemon
// would deliver them: input and idleness, locks, suspends, wall clock jumps both ways, the
// day start changed, break answers, crashes and clean restarts, across both DST changes of
// Europe/Stockholm. Shared by the property tests and bench/property_year.

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/core/interval.hpp"

namespace screentime::core::property {

struct YearSettings {
  std::uint64_t seed = 1;
  int days = 365;
  // Wall clock jumps backwards too (forwards always): then the wall clock lives some time
  // twice, and the per-day bound and the no-overlap rule hold up to those jumps.
  bool backward_jumps = true;
};

struct YearRun {
  std::vector<Interval> intervals;  // every interval the sessions recorded, in order
  Duration boot_lived{};            // boot clock time from the first start to the last stop
  Duration backward_jumped{};       // the wall clock set back, in all
  int wall_jumps = 0;
  int events = 0;
  int restarts = 0;
  // Property failures seen while running: a break timer negative or past its rhythm.
  std::vector<std::string> timer_problems;
};

YearRun simulate_year(const YearSettings& settings);

// The properties of a run (empty when all hold): durations positive; the intervals add up
// to the boot clock time lived, to the millisecond; each interval starts where the one before
// it ended except at a wall clock jump; overlaps only after the clock was set back; every
// local day's total is at most 25 h (plus what the clock was set back); the days add up to
// the intervals; the break timers never went negative.
std::vector<std::string> check_year(const YearRun& run);

}  // namespace screentime::core::property
