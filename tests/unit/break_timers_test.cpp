// BreakTimers: each kind's timer on the active clock. The clock is given as plain active time,
// so every rule is checked to the second without any presence or holds.
#include "daemon/core/break_timers.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace std::chrono_literals;
using testing::utc;

class BreakTimersTest : public ::testing::Test {
 protected:
  BreakTimersTest() : fake_(utc(2026, 3, 10, 9)) {
    settings_.eye = {true, 20min, 20s, 0s};
    settings_.movement = {true, 55min, 5min, 1min};
  }

  // Marks what is due at `clock` of active time; the events it noted.
  std::vector<BreakEvent> mark(Duration clock) {
    timers_.mark_due(fake_.now(), clock);
    return log_.drain();
  }
  bool due(ReminderKind kind) const { return timers_[kind].due; }
  static int count(const std::vector<BreakEvent>& events, ReminderKind kind, BreakEventType type) {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
      return e.kind == kind && e.type == type;
    }));
  }

  FakeClock fake_;
  BreakSettings settings_;
  BreakEventLog log_;
  BreakTimers timers_{settings_, log_};
};

TEST_F(BreakTimersTest, DueAfterEveryOfActiveTimeWithItsNoticeBefore) {
  EXPECT_EQ(mark(54min - 1s).size(), 1U);  // the eye break, due since 20 min
  EXPECT_FALSE(due(ReminderKind::movement));
  const auto notice = mark(54min);
  ASSERT_EQ(count(notice, ReminderKind::movement, BreakEventType::coming_up), 1);
  EXPECT_EQ(notice.front().amount, 1min);
  EXPECT_EQ(timers_.coming_up(), ReminderKind::movement);
  EXPECT_EQ(mark(55min - 1s).size(), 0U);
  EXPECT_EQ(count(mark(55min), ReminderKind::movement, BreakEventType::due), 1);
  EXPECT_EQ(timers_.longest_due(), ReminderKind::movement);
}

TEST_F(BreakTimersTest, NextDeadlineIsTheNextDueOrNoticeOnTheActiveClock) {
  const Instant now = fake_.now();
  EXPECT_EQ(timers_.next_deadline(now, 10min), now.boot + 10min);  // the eye break
  mark(20min);
  EXPECT_EQ(timers_.next_deadline(now, 20min), now.boot + 34min);  // the movement notice
}

TEST_F(BreakTimersTest, SnoozeReturnsAfterSnoozeOfActiveTimeAtMostMaxInARow) {
  settings_.movement.enabled = false;
  settings_.max_snoozes = 2;
  mark(20min);
  ASSERT_TRUE(timers_.snooze(ReminderKind::eye, 21min));  // from now, not from when it was due
  EXPECT_FALSE(due(ReminderKind::eye));
  EXPECT_EQ(timers_.due_at(ReminderKind::eye), 26min);
  EXPECT_EQ(mark(26min - 1s).size(), 0U);
  EXPECT_EQ(mark(26min).size(), 0U);  // due again, but its "due" was recorded the first time
  EXPECT_TRUE(due(ReminderKind::eye));
  ASSERT_TRUE(timers_.snooze(ReminderKind::eye, 26min));
  mark(31min);
  EXPECT_FALSE(timers_.snooze(ReminderKind::eye, 31min));
  EXPECT_TRUE(due(ReminderKind::eye));  // unchanged at the limit
  EXPECT_EQ(timers_[ReminderKind::eye].snoozes, 2);
  timers_.reset(ReminderKind::eye, false, 32min);  // skipped: the streak of snoozes ends
  EXPECT_EQ(timers_[ReminderKind::eye].snoozes, 0);
  EXPECT_EQ(timers_.due_at(ReminderKind::eye), 52min);
}

TEST_F(BreakTimersTest, ASnoozedLongerBreakTakesTheShorterDueOneWithIt) {
  settings_.eye.every = 55min;
  mark(55min);
  ASSERT_TRUE(due(ReminderKind::eye) && due(ReminderKind::movement));
  ASSERT_TRUE(timers_.snooze(ReminderKind::movement, 55min));
  EXPECT_FALSE(due(ReminderKind::eye));
  EXPECT_EQ(timers_.due_at(ReminderKind::eye), 60min);
  EXPECT_EQ(timers_[ReminderKind::eye].snoozes, 0);  // it was not asked
}

TEST_F(BreakTimersTest, ALongerBreakDueWithinItsNoticeComesDueWithTheShorter) {
  settings_.eye.every = 54min + 30s;
  const auto events = mark(54min + 30s);  // the movement break is 30 s away, its notice 1 min
  EXPECT_TRUE(due(ReminderKind::movement));
  const auto early = std::find_if(events.begin(), events.end(), [](const auto& e) {
    return e.kind == ReminderKind::movement && e.type == BreakEventType::due;
  });
  ASSERT_NE(early, events.end());
  EXPECT_EQ(early->detail, "early");
  EXPECT_EQ(early->amount, 30s);
  EXPECT_EQ(timers_.longest_due(), ReminderKind::movement);
}

// Away for `away`: each enabled kind at most that long is a break taken; one that had come due
// is "natural" (a break taken), one that had not is only "reset".
struct NaturalCase {
  const char* name;
  Duration away;
  int eye_natural;
  int movement_reset;
  bool asked;
};
void PrintTo(const NaturalCase& c, std::ostream* out) { *out << c.name; }

class BreakTimersNatural : public BreakTimersTest,
                           public ::testing::WithParamInterface<NaturalCase> {};

TEST_P(BreakTimersNatural, AwayForABreaksLengthIsThatBreak) {
  const NaturalCase& c = GetParam();
  mark(30min);  // the eye break is due, the movement break is not
  const auto result = timers_.natural_breaks(fake_.now(), c.away, 30min);
  const auto events = log_.drain();
  EXPECT_EQ(count(events, ReminderKind::eye, BreakEventType::natural), c.eye_natural);
  EXPECT_EQ(count(events, ReminderKind::movement, BreakEventType::reset), c.movement_reset);
  EXPECT_EQ(result.asked, c.asked);
  EXPECT_EQ(due(ReminderKind::eye), c.eye_natural == 0);
  EXPECT_EQ(timers_.worked(ReminderKind::movement, 30min), c.movement_reset ? 0s : 30min);
}

INSTANTIATE_TEST_SUITE_P(Table, BreakTimersNatural,
                         ::testing::Values(NaturalCase{"ShorterThanAnyBreak", 19s, 0, 0, false},
                                           NaturalCase{"AnEyeBreak", 20s, 1, 0, true},
                                           NaturalCase{"Lunch", 45min, 1, 1, true}),
                         [](const auto& param) { return std::string(param.param.name); });

TEST_F(BreakTimersTest, ARestoreAfterAGapShorterThanTheBreakKeepsTheWorkedTime) {
  const BreakTimerSnapshot saved{10min, 1, 3min};
  EXPECT_FALSE(timers_.restore(ReminderKind::movement, saved, 4min, 2h));
  EXPECT_EQ(timers_.worked(ReminderKind::movement, 2h), 10min);
  EXPECT_EQ(timers_.due_at(ReminderKind::movement), 2h + 3min);
  EXPECT_TRUE(timers_.restore(ReminderKind::movement, saved, 5min, 2h));  // snoozed: asked
  EXPECT_EQ(timers_.worked(ReminderKind::movement, 2h), 0s);
}

}  // namespace
}  // namespace screentime::core
