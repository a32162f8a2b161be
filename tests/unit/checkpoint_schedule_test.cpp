#include "daemon/core/checkpoint_schedule.hpp"

#include <gtest/gtest.h>

#include "daemon/core/schedule.hpp"

namespace screentime::core {
namespace {

using namespace std::chrono_literals;

TEST(CheckpointSchedule, DueEveryIntervalWhileActive) {
  CheckpointSchedule schedule(5min);
  EXPECT_FALSE(schedule.next_due());
  schedule.written(BootTime{100s}, ActivityState::active);
  EXPECT_EQ(schedule.next_due(), BootTime{100s + 5min});
}

TEST(CheckpointSchedule, NothingDueWhileIdleLockedAsleepOrUnknown) {
  CheckpointSchedule schedule(5min);
  for (auto state : {ActivityState::idle, ActivityState::locked, ActivityState::asleep,
                     ActivityState::unknown}) {
    schedule.written(BootTime{100s}, ActivityState::active);
    schedule.written(BootTime{200s}, state);
    EXPECT_FALSE(schedule.next_due()) << to_string(state);
  }
}

TEST(CheckpointSchedule, ZeroIntervalDisablesPeriodicCheckpoints) {
  CheckpointSchedule schedule(0s);
  schedule.written(BootTime{100s}, ActivityState::active);
  EXPECT_FALSE(schedule.next_due());
}

TEST(NextDeadline, IsTheEarliestWanted) {
  EXPECT_FALSE(next_deadline({std::nullopt, std::nullopt}));
  EXPECT_EQ(next_deadline({BootTime{9s}, std::nullopt, BootTime{3s}}), BootTime{3s});
}

}  // namespace
}  // namespace screentime::core
