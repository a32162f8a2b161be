// Accountant across daemon stops, crashes and reboots: the gap is "unknown", never guessed.
#include <gtest/gtest.h>

#include "daemon/core/accounting.hpp"
#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;

class Restart : public ::testing::Test {
 protected:
  // The first run: active from 09:00 for 12 minutes, checkpointed at 09:10.
  LastSeen run_until_checkpoint() {
    Accountant first(clock, "boot-a");
    first.start(clock.now(), std::nullopt);
    first.change_state(clock.now(), ActivityState::active, "logind");
    clock.advance(10min);
    const LastSeen checkpoint = first.last_seen(clock.now());
    clock.advance(2min);  // lost in the crash
    return checkpoint;
  }

  FakeClock clock{utc(2026, 11, 24, 9), stockholm()};
  Recorder recorded;
};

TEST_F(Restart, AfterACrashTheCheckpointStandsAndTheRestIsUnknown) {
  const LastSeen checkpoint = run_until_checkpoint();
  clock.advance(3min);  // the daemon is down
  Accountant second(clock, "boot-a");
  recorded.add(second.start(clock.now(), checkpoint));

  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].state, ActivityState::active);
  EXPECT_EQ(recorded.intervals[0].start, utc(2026, 11, 24, 9));
  EXPECT_EQ(recorded.intervals[0].duration, 10min);
  EXPECT_EQ(recorded.intervals[1].state, ActivityState::unknown);
  EXPECT_EQ(recorded.intervals[1].start, utc(2026, 11, 24, 9, 10));
  EXPECT_EQ(recorded.intervals[1].duration, 5min);
  EXPECT_EQ(recorded.intervals[1].detail, "daemon ended without a clean stop");
  EXPECT_EQ(second.state(), ActivityState::unknown);
}

// The system role: the state the checkpoint recorded goes on up to one checkpoint interval
// into the gap after a crash, so the crash cannot give a limited user time back.
struct KeptCase {
  const char* name;
  std::chrono::minutes down;  // after the 2 minutes lost
  std::chrono::minutes kept;  // crash_gap_kept
  std::chrono::minutes active_after_checkpoint;
  std::chrono::minutes unknown;
};

class CrashGapKept : public Restart, public ::testing::WithParamInterface<KeptCase> {};

TEST_P(CrashGapKept, TheCheckpointsStateGoesOnForAtMostTheKeptTime) {
  const KeptCase& c = GetParam();
  const LastSeen checkpoint = run_until_checkpoint();
  clock.advance(c.down);
  Accountant second(clock, "boot-a", AccountantSettings{.crash_gap_kept = c.kept});
  recorded.add(second.start(clock.now(), checkpoint));
  EXPECT_EQ(recorded.total(ActivityState::active), 10min + c.active_after_checkpoint);
  EXPECT_EQ(recorded.total(ActivityState::unknown), c.unknown);
  for (std::size_t i = 1; i < recorded.intervals.size(); ++i) {
    EXPECT_EQ(recorded.intervals[i].start, recorded.intervals[i - 1].end()) << i;
  }
  if (c.active_after_checkpoint > 0min) {
    EXPECT_EQ(recorded.intervals[1].detail, "kept through a crash, one checkpoint at most");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CrashGapKept,
    ::testing::Values(KeptCase{"UserRoleKeepsNothing", 3min, 0min, 0min, 5min},
                      KeptCase{"AShortGapIsKeptWhole", 0min, 5min, 2min, 0min},
                      KeptCase{"ALongGapKeepsOneCheckpoint", 8min, 5min, 5min, 5min}),
    [](const ::testing::TestParamInfo<KeptCase>& kept) { return std::string(kept.param.name); });

TEST_F(Restart, AfterACleanStopNothingIsKeptEvenInTheSystemRole) {
  Accountant first(clock, "boot-a");
  first.start(clock.now(), std::nullopt);
  first.change_state(clock.now(), ActivityState::active, "logind");
  clock.advance(10min);
  first.stop(clock.now());
  const LastSeen stopped{clock.now().wall, clock.now().boot, "boot-a", std::nullopt};
  clock.advance(3min);
  Accountant second(clock, "boot-a", AccountantSettings{.crash_gap_kept = 5min});
  recorded.add(second.start(clock.now(), stopped));
  EXPECT_EQ(recorded.total(ActivityState::active), 0min);
  EXPECT_EQ(recorded.total(ActivityState::unknown), 3min);
}

// The wall and boot clocks are read apart and rounded apart: a millisecond between them is
// noise, and must not make two stored intervals overlap (or leave a gap).
TEST_F(Restart, EachIntervalStartsWhereTheOneBeforeEndedThoughTheClocksRoundApart) {
  const LastSeen checkpoint = run_until_checkpoint();
  clock.advance(3min);
  clock.jump_wall(-1ms);
  Accountant second(clock, "boot-a");
  recorded.add(second.start(clock.now(), checkpoint));
  clock.advance(1min);
  clock.jump_wall(1ms);
  recorded.add(second.change_state(clock.now(), ActivityState::active, "logind"));
  clock.advance(1min);
  clock.jump_wall(-1ms);
  recorded.add(second.change_state(clock.now(), ActivityState::idle, "logind"));
  clock.advance(1min);
  recorded.add(second.stop(clock.now()));
  ASSERT_EQ(recorded.intervals.size(), 5u);
  for (std::size_t i = 1; i < recorded.intervals.size(); ++i) {
    EXPECT_EQ(recorded.intervals[i].start, recorded.intervals[i - 1].end()) << i;
  }
  EXPECT_EQ(recorded.total(ActivityState::unknown), 6min);
}

TEST_F(Restart, GapWithinOneBootIsMeasuredOnTheBootClockDespiteAWallJump) {
  const LastSeen checkpoint = run_until_checkpoint();
  clock.advance(3min);
  clock.jump_wall(-2h);
  Accountant second(clock, "boot-a");
  recorded.add(second.start(clock.now(), checkpoint));
  EXPECT_EQ(recorded.total(ActivityState::unknown), 5min);
}

TEST_F(Restart, GapAcrossARebootIsMeasuredOnTheWallClock) {
  const LastSeen checkpoint = run_until_checkpoint();
  clock.reboot(1h);
  Accountant second(clock, "boot-b");
  recorded.add(second.start(clock.now(), checkpoint));
  EXPECT_EQ(recorded.total(ActivityState::active), 10min);
  EXPECT_EQ(recorded.total(ActivityState::unknown), 1h + 2min);
}

TEST_F(Restart, WallClockBehindTheCheckpointAfterARebootGivesNoNegativeGap) {
  const LastSeen checkpoint = run_until_checkpoint();
  clock.reboot(-3h);  // the new boot's clock is set wrong
  Accountant second(clock, "boot-b");
  recorded.add(second.start(clock.now(), checkpoint));
  EXPECT_EQ(recorded.total(ActivityState::unknown), 0s);
  EXPECT_EQ(recorded.total(ActivityState::active), 10min);
}

TEST_F(Restart, AfterACleanStopTheGapIsDaemonNotRunning) {
  Accountant first(clock, "boot-a");
  first.start(clock.now(), std::nullopt);
  first.change_state(clock.now(), ActivityState::active, "logind");
  clock.advance(1h);
  recorded.add(first.stop(clock.now()));
  const LastSeen stopped = first.last_seen(clock.now());
  EXPECT_FALSE(stopped.open.has_value());

  clock.advance(30min);
  Accountant second(clock, "boot-a");
  recorded.add(second.start(clock.now(), stopped));
  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].duration, 1h);
  EXPECT_EQ(recorded.intervals[1].state, ActivityState::unknown);
  EXPECT_EQ(recorded.intervals[1].start, utc(2026, 11, 24, 10));
  EXPECT_EQ(recorded.intervals[1].duration, 30min);
  EXPECT_EQ(recorded.intervals[1].detail, "daemon not running");
}

TEST_F(Restart, ARestartAtOnceLeavesNoGap) {
  const LastSeen checkpoint = [&] {
    Accountant first(clock, "boot-a");
    first.start(clock.now(), std::nullopt);
    first.change_state(clock.now(), ActivityState::idle, "x11");
    clock.advance(1min);
    first.stop(clock.now());
    return first.last_seen(clock.now());
  }();
  Accountant second(clock, "boot-a");
  recorded.add(second.start(clock.now(), checkpoint));
  EXPECT_TRUE(recorded.intervals.empty());
}

TEST_F(Restart, FirstStartEverHasNoGap) {
  Accountant only(clock, "boot-a");
  recorded.add(only.start(clock.now(), std::nullopt));
  EXPECT_TRUE(recorded.intervals.empty());
  EXPECT_TRUE(only.running());
}

}  // namespace
}  // namespace screentime::core
