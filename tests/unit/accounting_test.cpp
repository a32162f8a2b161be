// Accountant: state changes, clamping, suspend and wall-clock jumps, to the millisecond.
#include "daemon/core/accounting.hpp"

#include <gtest/gtest.h>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;
using Kind = AccountingNote::Kind;

class Accounting : public ::testing::Test {
 protected:
  void SetUp() override { recorded.add(accountant.start(clock.now(), std::nullopt)); }
  void set(ActivityState state, std::string_view source = "logind", std::string_view detail = {}) {
    recorded.add(accountant.change_state(clock.now(), state, source, detail));
  }

  FakeClock clock{utc(2026, 11, 24, 9), stockholm()};
  Accountant accountant{clock, "boot-a"};
  Recorder recorded;
};

TEST_F(Accounting, StateChangeClosesTheOpenIntervalToTheMillisecond) {
  set(ActivityState::active);
  clock.advance(10min + 1234ms);
  set(ActivityState::idle);
  ASSERT_EQ(recorded.intervals.size(), 1u);
  const Interval& active = recorded.intervals[0];
  EXPECT_EQ(active.state, ActivityState::active);
  EXPECT_EQ(active.start, utc(2026, 11, 24, 9));
  EXPECT_EQ(active.duration, 10min + 1234ms);
  EXPECT_EQ(active.utc_offset, 1h);
  EXPECT_EQ(active.source, "logind");
}

TEST_F(Accounting, StartsUnknownUntilASourceReports) {
  EXPECT_EQ(accountant.state(), ActivityState::unknown);
  clock.advance(2s);
  set(ActivityState::active);
  ASSERT_EQ(recorded.intervals.size(), 1u);
  EXPECT_EQ(recorded.intervals[0].state, ActivityState::unknown);
  EXPECT_EQ(recorded.intervals[0].source, kDaemonSource);
  EXPECT_EQ(recorded.intervals[0].duration, 2s);
}

TEST_F(Accounting, ZeroLengthIntervalsAreNotEmitted) {
  set(ActivityState::active);
  set(ActivityState::idle);
  set(ActivityState::locked);
  EXPECT_TRUE(recorded.intervals.empty());
  EXPECT_EQ(accountant.state(), ActivityState::locked);
}

TEST_F(Accounting, SameStateFromSameSourceIsNoChange) {
  set(ActivityState::active);
  clock.advance(1min);
  set(ActivityState::active);
  EXPECT_TRUE(recorded.intervals.empty());
}

TEST_F(Accounting, NewDetailSplitsTheInterval) {
  set(ActivityState::active, "x11");
  clock.advance(1min);
  set(ActivityState::active, "logind", "inhibitor: firefox (video)");
  clock.advance(1min);
  set(ActivityState::idle, "x11");
  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[1].detail, "inhibitor: firefox (video)");
  EXPECT_EQ(recorded.total(ActivityState::active), 2min);
}

TEST_F(Accounting, IdleReportedLateStartsAtTheLastInput) {
  set(ActivityState::active, "x11");
  clock.advance(7min);
  // Detected now, but input stopped 5 minutes ago.
  recorded.add(accountant.change_state(clock.now().earlier_by(5min), ActivityState::idle, "x11"));
  clock.advance(3min);
  set(ActivityState::active, "x11");
  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].duration, 2min);
  EXPECT_EQ(recorded.intervals[1].state, ActivityState::idle);
  EXPECT_EQ(recorded.intervals[1].start, utc(2026, 11, 24, 9, 2));
  EXPECT_EQ(recorded.intervals[1].duration, 8min);
}

TEST_F(Accounting, EventOlderThanTheOpenIntervalIsClampedNeverNegative) {
  set(ActivityState::active);
  clock.advance(1min);
  set(ActivityState::idle);
  recorded.add(
      accountant.change_state(clock.now().earlier_by(10min), ActivityState::locked, "logind"));
  EXPECT_TRUE(recorded.noted(Kind::event_clamped));
  clock.advance(1min);
  set(ActivityState::active);
  for (const auto& interval : recorded.intervals) {
    EXPECT_GT(interval.duration, Duration::zero());
  }
  // The idle interval became zero-length (clamped to its own start) and vanished.
  EXPECT_EQ(recorded.total(ActivityState::idle), 0s);
  EXPECT_EQ(recorded.total(ActivityState::locked), 1min);
  EXPECT_EQ(recorded.total(ActivityState::active), 1min);
}

// Found by the year of random events (AYearOfEvents): the wall clock set forward, then an
// unannounced suspend, both seen at once; then the idle report "since the last input", from
// before both. Clamped to the open interval's start on the boot clock, it kept the old wall
// time, an hour early, so the idle interval began inside the asleep one before it.
TEST_F(Accounting, AnEventFromBeforeAWallJumpStartsWhereTheOpenIntervalDoes) {
  set(ActivityState::active, "x11");
  clock.advance(1min);
  const Instant last_input = clock.now();
  clock.advance(2min);
  clock.jump_wall(1h);
  clock.suspend(10min);
  recorded.add(accountant.observe(clock.now()));  // the suspend, seen: asleep, then active
  clock.advance(2min);
  recorded.add(accountant.change_state(last_input, ActivityState::idle, "x11", "no input"));
  clock.advance(1min);
  set(ActivityState::active, "x11");
  for (std::size_t i = 1; i < recorded.intervals.size(); ++i) {
    EXPECT_GE(recorded.intervals[i].start, recorded.intervals[i - 1].end()) << i;
  }
  EXPECT_EQ(recorded.total(ActivityState::asleep), 10min);
}

TEST_F(Accounting, AnnouncedSleepIsCountedOnce) {
  set(ActivityState::active);
  clock.advance(30min);
  set(ActivityState::asleep, "logind", "PrepareForSleep");
  clock.suspend(7h);
  set(ActivityState::active);
  EXPECT_EQ(recorded.total(ActivityState::active), 30min);
  EXPECT_EQ(recorded.total(ActivityState::asleep), 7h);
  EXPECT_FALSE(recorded.noted(Kind::sleep_detected));
}

TEST_F(Accounting, MissedPrepareForSleepIsFoundFromTheBootClock) {
  set(ActivityState::locked);
  clock.advance(10min);
  clock.suspend(7h);
  clock.advance(1min);
  set(ActivityState::active);
  // When in the gap it slept is not known; the sleep is placed to end at the first event
  // after it, which in the daemon is the resume itself (a boot-clock deadline or logind).
  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].state, ActivityState::locked);
  EXPECT_EQ(recorded.intervals[0].duration, 11min);
  EXPECT_EQ(recorded.intervals[1].state, ActivityState::asleep);
  EXPECT_EQ(recorded.intervals[1].duration, 7h);
  EXPECT_EQ(recorded.intervals[1].source, "boot-clock");
  EXPECT_EQ(recorded.intervals[1].end(), clock.now().wall);
  EXPECT_TRUE(recorded.noted(Kind::sleep_detected));
  EXPECT_EQ(accountant.state(), ActivityState::active);
}

TEST_F(Accounting, UnannouncedSleepFoundByADeadlineKeepsTheStateAfterwards) {
  set(ActivityState::active);
  clock.advance(5min);
  clock.suspend(2h);
  recorded.add(accountant.observe(clock.now()));
  EXPECT_TRUE(recorded.noted(Kind::sleep_detected));
  EXPECT_EQ(accountant.state(), ActivityState::active);
  clock.advance(5min);
  set(ActivityState::idle);
  EXPECT_EQ(recorded.total(ActivityState::active), 10min);
  EXPECT_EQ(recorded.total(ActivityState::asleep), 2h);
  EXPECT_EQ(recorded.total(), 2h + 10min);
}

struct WallJumpCase {
  const char* name;
  Duration jump;
};

class WallJumps : public Accounting, public ::testing::WithParamInterface<WallJumpCase> {};

TEST_P(WallJumps, ChangeNoDuration) {
  set(ActivityState::active);
  clock.advance(1h);
  clock.jump_wall(GetParam().jump);
  recorded.add(accountant.observe(clock.now()));
  EXPECT_TRUE(recorded.noted(Kind::wall_clock_jumped));
  clock.advance(1h);
  set(ActivityState::idle);
  EXPECT_EQ(recorded.total(ActivityState::active), 2h);
  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].end(), utc(2026, 11, 24, 10));
  EXPECT_EQ(recorded.intervals[1].start, utc(2026, 11, 24, 10) + GetParam().jump);
}

INSTANTIATE_TEST_SUITE_P(Table, WallJumps,
                         ::testing::Values(WallJumpCase{"ForwardThreeHours", 3h},
                                           WallJumpCase{"BackTwoHours", -2h},
                                           WallJumpCase{"BackOneDay", -24h},
                                           WallJumpCase{"ForwardOneMinute", 1min}),
                         [](const auto& case_info) { return std::string(case_info.param.name); });

TEST_F(Accounting, UnannouncedWallJumpIsFoundAtTheNextEvent) {
  set(ActivityState::active);
  clock.advance(20min);
  clock.jump_wall(-1h);
  clock.advance(20min);
  set(ActivityState::locked);
  EXPECT_EQ(recorded.total(ActivityState::active), 40min);
  EXPECT_TRUE(recorded.noted(Kind::wall_clock_jumped));
}

TEST_F(Accounting, WallClockDriftWithinToleranceIsNotAJump) {
  set(ActivityState::active);
  clock.advance(1h);
  clock.jump_wall(800ms);  // NTP stepping a small error away
  set(ActivityState::idle);
  EXPECT_FALSE(recorded.noted(Kind::wall_clock_jumped));
  ASSERT_EQ(recorded.intervals.size(), 1u);
  EXPECT_EQ(recorded.intervals[0].duration, 1h);
}

TEST_F(Accounting, StopClosesTheOpenIntervalAndIgnoresLaterEvents) {
  set(ActivityState::active);
  clock.advance(90s);
  recorded.add(accountant.stop(clock.now()));
  EXPECT_FALSE(accountant.running());
  clock.advance(1min);
  set(ActivityState::idle);
  ASSERT_EQ(recorded.intervals.size(), 1u);
  EXPECT_EQ(recorded.intervals[0].duration, 90s);
}

TEST_F(Accounting, LastSeenCarriesTheOpenIntervalUpToNow) {
  set(ActivityState::active);
  clock.advance(4min);
  const LastSeen seen = accountant.last_seen(clock.now());
  ASSERT_TRUE(seen.open.has_value());
  EXPECT_EQ(seen.open->state, ActivityState::active);
  EXPECT_EQ(seen.open->duration, 4min);
  EXPECT_EQ(seen.wall, utc(2026, 11, 24, 9, 4));
  EXPECT_EQ(seen.boot_id, "boot-a");
}

}  // namespace
}  // namespace screentime::core
