// UsageTracker: what is written when, and what a kill -9 can cost.
#include "daemon/core/usage_tracker.hpp"

#include <gtest/gtest.h>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;

// Plays the daemon's loop: sleeps until the tracker's deadline or the next event.
class Loop {
 public:
  Loop(FakeClock& clock, UsageTracker& tracker) : clock_(clock), tracker_(tracker) {}

  // Lets `span` pass, waking at every deadline on the way.
  void run_for(Duration span) {
    const BootTime until = clock_.now().boot + span;
    while (auto due = tracker_.next_deadline()) {
      if (*due > until) break;
      clock_.advance(*due - clock_.now().boot);
      keep(tracker_.wake_up());
      ++wakeups;
    }
    clock_.advance(until - clock_.now().boot);
  }

  void keep(TrackerOutput output) {
    for (auto& interval : output.closed) history.intervals.push_back(interval);
    if (output.checkpoint) {
      last_seen = output.checkpoint;
      ++checkpoints;
    }
  }

  Recorder history;
  std::optional<LastSeen> last_seen;
  int checkpoints = 0;
  int wakeups = 0;

 private:
  FakeClock& clock_;
  UsageTracker& tracker_;
};

class Tracking : public ::testing::Test {
 protected:
  FakeClock clock{utc(2026, 11, 24, 9), stockholm()};
  UsageTracker tracker{clock, "boot-a", 5min};
  Loop loop{clock, tracker};
};

TEST_F(Tracking, CheckpointsAtStartAndOnEveryStateChange) {
  loop.keep(tracker.start(std::nullopt));
  EXPECT_EQ(loop.checkpoints, 1);
  loop.keep(tracker.change_state(clock.now(), ActivityState::locked, "logind"));
  EXPECT_EQ(loop.checkpoints, 2);
  loop.keep(tracker.change_state(clock.now(), ActivityState::locked, "logind"));
  EXPECT_EQ(loop.checkpoints, 2) << "no change, nothing to write";
}

TEST_F(Tracking, WhileActiveWakesOnlyAtCheckpointDeadlines) {
  loop.keep(tracker.start(std::nullopt));
  loop.keep(tracker.change_state(clock.now(), ActivityState::active, "x11"));
  loop.run_for(1h);
  EXPECT_EQ(loop.wakeups, 12);
  EXPECT_EQ(loop.checkpoints, 2 + 12);
  EXPECT_EQ(loop.last_seen->open->duration, 1h);
}

TEST_F(Tracking, WhileIdleLockedOrAsleepNothingIsDue) {
  loop.keep(tracker.start(std::nullopt));
  for (auto state : {ActivityState::idle, ActivityState::locked, ActivityState::asleep}) {
    loop.keep(tracker.change_state(clock.now(), state, "logind"));
    EXPECT_FALSE(tracker.next_deadline()) << to_string(state);
    loop.run_for(8h);
  }
  EXPECT_EQ(loop.wakeups, 0);
}

TEST_F(Tracking, KillDuringActiveLosesAtMostOneCheckpointInterval) {
  loop.keep(tracker.start(std::nullopt));
  loop.keep(tracker.change_state(clock.now(), ActivityState::active, "x11"));
  loop.run_for(17min);  // checkpoints at 5, 10 and 15 minutes; killed at 17
  clock.advance(1min);  // down for a minute

  UsageTracker restarted(clock, "boot-a", 5min);
  Loop second(clock, restarted);
  second.keep(restarted.start(loop.last_seen));
  EXPECT_EQ(second.history.total(ActivityState::active), 15min);
  EXPECT_EQ(second.history.total(ActivityState::unknown), 3min);
}

TEST_F(Tracking, StopWritesAClosedLastSeenAndNothingIsDue) {
  loop.keep(tracker.start(std::nullopt));
  loop.keep(tracker.change_state(clock.now(), ActivityState::active, "x11"));
  clock.advance(2min);
  loop.keep(tracker.stop());
  ASSERT_TRUE(loop.last_seen);
  EXPECT_FALSE(loop.last_seen->open);
  EXPECT_FALSE(tracker.next_deadline());
  EXPECT_EQ(loop.history.total(ActivityState::active), 2min);
}

TEST_F(Tracking, WakingAfterAnUnannouncedSuspendRecordsItAndCheckpoints) {
  loop.keep(tracker.start(std::nullopt));
  loop.keep(tracker.change_state(clock.now(), ActivityState::active, "x11"));
  clock.advance(1min);
  clock.suspend(3h);
  const int before = loop.checkpoints;
  loop.keep(tracker.wake_up());  // the boot-clock timerfd fires on resume
  EXPECT_EQ(loop.history.total(ActivityState::asleep), 3h);
  EXPECT_GT(loop.checkpoints, before);
}

}  // namespace
}  // namespace screentime::core
