// BreakScheduler: every reminder rule, to the second, driven as the daemon drives it (wake at
// next_deadline(), call advance()).

#include "daemon/core/break_scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace std::chrono_literals;
using testing::stockholm;
using testing::utc;

class BreakSchedulerTest : public ::testing::Test {
 protected:
  BreakSchedulerTest() : clock_(utc(2026, 3, 10, 9), stockholm()) {}

  BreakScheduler& make(BreakSettings settings = {}) {
    scheduler_.emplace(settings, clock_.now());
    return *scheduler_;
  }
  BreakScheduler& s() { return *scheduler_; }

  // Time passes with the machine awake; the scheduler wakes at each of its deadlines.
  void run(Duration elapsed) {
    const BootTime end = clock_.now().boot + elapsed;
    while (true) {
      const auto deadline = s().next_deadline(clock_.now());
      if (!deadline || *deadline > end) break;
      clock_.advance(*deadline - clock_.now().boot);
      s().advance(clock_.now());
      collect();
    }
    clock_.advance(end - clock_.now().boot);
    s().advance(clock_.now());
    collect();
  }
  // The user stops touching anything now, noticed `noticed_after` later, and comes back
  // after `away` in all.
  void away_for(Duration away, Duration noticed_after = 20s) {
    const Instant left = clock_.now();
    run(std::min(noticed_after, away));
    s().set_present(false, left, clock_.now());
    collect();
    run(away - std::min(noticed_after, away));
    s().set_present(true, clock_.now(), clock_.now());
    collect();
  }
  AnswerResult answer(BreakAnswer answer) {
    const auto result = s().answer(answer, clock_.now());
    collect();
    return result;
  }
  void collect() {
    for (auto& event : s().drain_events()) events_.push_back(std::move(event));
  }
  int count(BreakEventType type, ReminderKind kind = ReminderKind::eye) const {
    return static_cast<int>(std::count_if(events_.begin(), events_.end(), [&](const auto& e) {
      return e.type == type && e.kind == kind;
    }));
  }
  std::optional<WallTime> first(BreakEventType type, ReminderKind kind = ReminderKind::eye) const {
    for (const auto& event : events_) {
      if (event.type == type && event.kind == kind) return event.at;
    }
    return std::nullopt;
  }
  WallTime start() const { return utc(2026, 3, 10, 9); }
  static BreakSettings eye_only() {
    BreakSettings settings;
    settings.movement.enabled = false;
    return settings;
  }

  FakeClock clock_;
  std::optional<BreakScheduler> scheduler_;
  std::vector<BreakEvent> events_;
};

TEST_F(BreakSchedulerTest, EyeBreakComesDueAfterTwentyMinutesOfActiveUse) {
  make(eye_only());
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(s().next_deadline(clock_.now()), clock_.now().boot + 1s);
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, ReminderKind::eye);
  EXPECT_EQ(s().visible()->phase, ReminderPhase::due);
  EXPECT_EQ(first(BreakEventType::due), start() + 20min);
  EXPECT_EQ(first(BreakEventType::shown), start() + 20min);
}

TEST_F(BreakSchedulerTest, AwayTimeDoesNotBringABreakCloser) {
  make(eye_only());
  run(10min);
  away_for(15s, 10s);  // shorter than the break: no natural break, but not counted either
  run(10min - 1s);
  EXPECT_FALSE(s().visible());
  run(15s);  // the 15 s away are made up
  EXPECT_TRUE(s().visible());
  EXPECT_EQ(first(BreakEventType::due), start() + 20min + 15s);
}

TEST_F(BreakSchedulerTest, AwayIsBackdatedToTheLastInput) {
  make(eye_only());
  run(19min + 50s);
  // Input stopped at 19:50; noticed at 20:10, after the due moment; back at 20:30.
  const Instant left = clock_.now();
  run(20s);
  EXPECT_TRUE(s().visible());  // the deadline at 20:00 fired before the away was known
  s().set_present(false, left, clock_.now());
  collect();
  run(20s);
  s().set_present(true, clock_.now(), clock_.now());
  collect();
  // 40 s away is an eye break taken: the reminder goes, the timer starts again.
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::natural), 1);
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, NaturalBreakBeforeDueResetsWithoutNagging) {
  make(eye_only());
  run(15min);
  away_for(30s);
  EXPECT_EQ(count(BreakEventType::reset), 1);
  EXPECT_EQ(count(BreakEventType::natural), 0);  // nothing was due: not a break "taken"
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, NoBacklogAfterLunch) {
  make();
  run(50min);       // the eye reminder is up, unanswered
  away_for(45min);  // lunch: covers the movement break and the eye break
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::natural), 1);
  EXPECT_EQ(count(BreakEventType::reset, ReminderKind::movement), 1);
  const int shown = count(BreakEventType::shown);
  run(19min);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::shown), shown);
  EXPECT_EQ(count(BreakEventType::shown, ReminderKind::movement), 0);
}

TEST_F(BreakSchedulerTest, NothingComesDueWhileAwaySoNoWakeups) {
  make();
  run(5min);
  s().set_present(false, clock_.now(), clock_.now());
  EXPECT_FALSE(s().next_deadline(clock_.now()));
}

TEST_F(BreakSchedulerTest, SnoozeBringsItBackAfterFiveMinutesOfUse) {
  make(eye_only());
  run(20min);
  ASSERT_EQ(answer(BreakAnswer::snooze), AnswerResult::ok);
  EXPECT_FALSE(s().visible());
  run(5min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->snoozes, 1);
  EXPECT_EQ(count(BreakEventType::due), 1);  // one break, due once
  EXPECT_EQ(count(BreakEventType::shown), 2);
}

TEST_F(BreakSchedulerTest, AtMostThreeSnoozesInARowThenItSaysSo) {
  make(eye_only());
  run(20min);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(answer(BreakAnswer::snooze), AnswerResult::ok);
    run(5min);
    ASSERT_TRUE(s().visible());
  }
  EXPECT_FALSE(s().visible()->can_snooze);
  EXPECT_EQ(answer(BreakAnswer::snooze), AnswerResult::snooze_limit);
  EXPECT_TRUE(s().visible());
  EXPECT_EQ(answer(BreakAnswer::skip), AnswerResult::ok);
}

TEST_F(BreakSchedulerTest, SkipStartsTheTimerAgain) {
  make(eye_only());
  run(20min);
  ASSERT_EQ(answer(BreakAnswer::skip), AnswerResult::ok);
  EXPECT_EQ(count(BreakEventType::skipped), 1);
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, TakeIsConfirmedWhenAwayForTheLength) {
  make(eye_only());
  run(20min);
  ASSERT_EQ(answer(BreakAnswer::take), AnswerResult::ok);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::taking);
  EXPECT_EQ(s().visible()->back_at, start() + 20min + 20s);
  away_for(25s);
  EXPECT_EQ(count(BreakEventType::taken), 1);
  EXPECT_EQ(count(BreakEventType::cut_short), 0);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, ComingBackEarlyIsCutShort) {
  BreakSettings settings;
  settings.eye.enabled = false;
  make(settings);
  run(55min);
  ASSERT_EQ(answer(BreakAnswer::take), AnswerResult::ok);
  away_for(2min);
  EXPECT_EQ(count(BreakEventType::cut_short, ReminderKind::movement), 1);
  EXPECT_EQ(count(BreakEventType::taken, ReminderKind::movement), 0);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, NeverLeavingAfterTakeIsCutShort) {
  make(eye_only());
  run(20min);
  answer(BreakAnswer::take);
  run(2 * 20s + 30s);
  EXPECT_EQ(count(BreakEventType::cut_short), 1);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, LongerBreakTakenResetsShorterKinds) {
  make();
  run(55min);  // eye came due at 20 and 40 (skipped), movement now
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, ReminderKind::movement);
  answer(BreakAnswer::take);
  away_for(5min);
  EXPECT_EQ(count(BreakEventType::taken, ReminderKind::movement), 1);
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, MovementSupersedesAVisibleEyeReminderInPlace) {
  BreakSettings settings;
  settings.eye.every = 54min;  // due at 54 min, movement at 55
  settings.movement.notice = 0s;
  make(settings);
  run(54min);
  ASSERT_TRUE(s().visible());
  const int revision = s().visible()->revision;
  run(1min);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, ReminderKind::movement);
  EXPECT_GT(s().visible()->revision, revision);
  EXPECT_EQ(count(BreakEventType::closed), 0);  // replaced in place, never stacked
}

TEST_F(BreakSchedulerTest, ComingUpNoticeAMinuteBeforeALongBreakThenUpdatedInPlace) {
  BreakSettings settings;
  settings.eye.enabled = false;
  make(settings);
  run(54min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::coming_up);
  EXPECT_EQ(s().visible()->due_in, 1min);
  run(1min);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::due);
  EXPECT_EQ(count(BreakEventType::shown, ReminderKind::movement), 2);  // notice, then the break
  EXPECT_EQ(count(BreakEventType::closed, ReminderKind::movement), 0);
}

TEST_F(BreakSchedulerTest, OverdueReminderUpdatesInPlaceEveryFiveMinutes) {
  make(eye_only());
  run(20min);
  const int revision = s().visible()->revision;
  run(5min - 1s);
  EXPECT_EQ(s().visible()->revision, revision);
  run(1s);
  EXPECT_EQ(s().visible()->overdue, 5min);
  EXPECT_GT(s().visible()->revision, revision);
}

TEST_F(BreakSchedulerTest, HeldBackWhilePresentingThenShown) {
  make(eye_only());
  run(10min);
  s().set_presenting(true, clock_.now());
  run(15min);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::held_back), 1);
  s().set_presenting(false, clock_.now());
  collect();
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, VisibleReminderWithdrawnWhenDoNotDisturbBegins) {
  make(eye_only());
  run(20min);
  ASSERT_TRUE(s().visible());
  s().set_do_not_disturb(true, clock_.now());
  collect();
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::withdrawn), 1);
  s().set_do_not_disturb(false, clock_.now());
  collect();
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, PauseUntilAWallTimeHoldsRemindersNotCounting) {
  make(eye_only());
  s().pause_until(start() + 1h, clock_.now());
  run(25min);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::due), 1);  // still counted
  run(35min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);  // the pause ends at 10:00 and the reminder shows (once)
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, PauseEndsOnTheWallClockEvenAfterAJump) {
  make(eye_only());
  run(20min);
  s().pause_until(start() + 1h, clock_.now());
  collect();
  EXPECT_FALSE(s().visible());
  clock_.jump_wall(40min);  // someone set the clock: 10:00 is now
  s().advance(clock_.now());
  collect();
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, ResumeShowsWhatWaited) {
  make(eye_only());
  s().pause_until(start() + 2h, clock_.now());
  run(30min);
  s().pause_until(std::nullopt, clock_.now());
  collect();
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, AtLeastTwoMinutesBetweenReminders) {
  BreakSettings settings;
  settings.eye.every = 2min;  // absurdly short, to meet the gap
  settings.movement.enabled = false;
  make(settings);
  run(2min);
  answer(BreakAnswer::skip);
  run(2min - 1s);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::held_back), 0);
  settings.eye.every = 1min;
  s().set_settings(settings, clock_.now());
  collect();
  EXPECT_FALSE(s().visible());  // due, but the last one was answered 1:59 ago
  EXPECT_EQ(count(BreakEventType::held_back), 1);
  run(1s);
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, ThreeSkipsOrSnoozesInARowMakeTheNextReminderSaySo) {
  make(eye_only());
  run(20min);
  answer(BreakAnswer::skip);
  run(20min);
  EXPECT_FALSE(s().visible()->nag);
  answer(BreakAnswer::snooze);
  run(5min);
  EXPECT_FALSE(s().visible()->nag);
  answer(BreakAnswer::skip);
  run(20min);
  ASSERT_TRUE(s().visible());
  EXPECT_TRUE(s().visible()->nag);
  EXPECT_EQ(s().visible()->streak, 3);
  // A break taken ends the streak.
  answer(BreakAnswer::take);
  away_for(30s);
  EXPECT_EQ(count(BreakEventType::taken), 1);
  run(20min);
  EXPECT_FALSE(s().visible()->nag);
}

TEST_F(BreakSchedulerTest, DismissingAReminderIsASkip) {
  make(eye_only());
  run(20min);
  s().dismissed(clock_.now());
  collect();
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::skipped), 1);
  EXPECT_EQ(events_.back().detail, "dismissed");
}

TEST_F(BreakSchedulerTest, NothingToAnswer) {
  make(eye_only());
  EXPECT_EQ(answer(BreakAnswer::take), AnswerResult::nothing_visible);
}

TEST_F(BreakSchedulerTest, DailyGoalWarnsAtEightyAndHundredPercentOncePerDay) {
  BreakSettings settings;
  settings.eye.enabled = false;
  settings.movement.enabled = false;
  settings.goal_enabled = true;
  settings.daily_goal = 2h;
  make(settings);
  s().set_goal_progress({1, 1h, true}, clock_.now());
  run(36min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);  // 1:36 of 2:00 is 80 %
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_warning);
  EXPECT_EQ(count(BreakEventType::goal_warned, ReminderKind::goal), 1);
  EXPECT_EQ(answer(BreakAnswer::snooze), AnswerResult::not_a_break);
  answer(BreakAnswer::skip);
  run(24min);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_reached);
  EXPECT_EQ(s().visible()->goal_used, 2h);
  answer(BreakAnswer::skip);
  run(1h);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::goal_reached, ReminderKind::goal), 1);
  // A new day: warned again when it gets there.
  s().set_goal_progress({2, 1h + 50min, true}, clock_.now());
  collect();
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, SuspendIsAwayAndCountsAsABreak) {
  BreakSettings settings;
  settings.eye.enabled = false;
  make(settings);
  run(50min);
  s().set_present(false, clock_.now(), clock_.now());
  clock_.suspend(10min);
  s().set_present(true, clock_.now(), clock_.now());
  collect();
  EXPECT_EQ(count(BreakEventType::reset, ReminderKind::movement), 1);
  run(54min - 1s);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, WallClockJumpsDoNotMoveActiveTime) {
  make(eye_only());
  run(10min);
  clock_.jump_wall(-3h);
  run(10min - 1s);
  EXPECT_FALSE(s().visible());
  clock_.jump_wall(5h);
  run(1s);
  EXPECT_TRUE(s().visible());
}

TEST_F(BreakSchedulerTest, AcrossMidnightTimersKeepCounting) {
  clock_.set_wall(utc(2026, 3, 10, 22, 50));  // 23:50 in Stockholm
  make(eye_only());
  run(20min);  // due at 00:10 local
  EXPECT_TRUE(s().visible());
  EXPECT_EQ(first(BreakEventType::due), utc(2026, 3, 10, 23, 10));
}

TEST_F(BreakSchedulerTest, DisablingAKindClosesItsReminder) {
  make(eye_only());
  run(20min);
  BreakSettings off = eye_only();
  off.eye.enabled = false;
  s().set_settings(off, clock_.now());
  EXPECT_FALSE(s().visible());
  EXPECT_FALSE(s().next_deadline(clock_.now()));
}

TEST_F(BreakSchedulerTest, AnUnannouncedSuspendIsAwayToo) {
  BreakSettings settings;
  settings.eye.enabled = false;
  settings.movement.notice = 0s;
  make(settings);
  run(50min);
  clock_.suspend(10min);  // nobody said PrepareForSleep
  s().advance(clock_.now());
  collect();
  EXPECT_EQ(count(BreakEventType::reset, ReminderKind::movement), 1);
  run(55min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  EXPECT_TRUE(s().visible());
}

// The machine slept, unannounced, for longer than the break, with the reminder up; the first
// thing after waking is the user's click on that reminder. The sleep was the break: it closed
// the reminder, so there is nothing left to answer.
TEST_F(BreakSchedulerTest, AnswerAfterAnUnannouncedSuspendThatWasTheBreakFindsNothing) {
  for (const BreakAnswer each : {BreakAnswer::take, BreakAnswer::snooze, BreakAnswer::skip}) {
    SCOPED_TRACE(to_string(each));
    events_.clear();
    make(eye_only());
    run(20min);
    ASSERT_TRUE(s().visible());
    clock_.suspend(10min);
    EXPECT_EQ(answer(each), AnswerResult::nothing_visible);
    EXPECT_FALSE(s().visible());
    EXPECT_EQ(count(BreakEventType::natural), 1);
    EXPECT_EQ(count(BreakEventType::snoozed) + count(BreakEventType::skipped), 0);
    EXPECT_EQ(s().status(clock_.now()).streak, 0);
  }
}

TEST_F(BreakSchedulerTest, DismissAfterAnUnannouncedSuspendThatWasTheBreakIsNoSkip) {
  make(eye_only());
  run(20min);
  ASSERT_TRUE(s().visible());
  clock_.suspend(10min);
  s().dismissed(clock_.now());
  collect();
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::natural), 1);
  EXPECT_EQ(count(BreakEventType::skipped), 0);
  EXPECT_EQ(s().status(clock_.now()).streak, 0);
}

TEST_F(BreakSchedulerTest, ATakenBreakIsRecordedOnce) {
  make(eye_only());
  run(20min);
  answer(BreakAnswer::take);
  away_for(30s);
  EXPECT_EQ(count(BreakEventType::taken), 1);
  EXPECT_EQ(count(BreakEventType::natural), 0);
}

TEST_F(BreakSchedulerTest, SkippingALongerBreakCoversTheShorterOneItStoodFor) {
  BreakSettings settings;
  settings.eye.every = 54min;
  settings.movement.notice = 0s;
  make(settings);
  run(55min);
  ASSERT_EQ(s().visible()->kind, ReminderKind::movement);
  answer(BreakAnswer::skip);
  run(10min);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, OverdueCountsFromWhenALongerBreakTookOver) {
  BreakSettings settings;
  settings.eye.every = 54min;
  settings.movement.notice = 0s;
  make(settings);
  run(55min);
  run(4min);
  EXPECT_EQ(s().visible()->overdue, 0min);
  run(1min);
  EXPECT_EQ(s().visible()->overdue, 5min);
}

// Switching a kind off and on: the time it was off is not worked (Workrave's rule).
struct SwitchedOffCase {
  const char* name;
  bool away_while_off;  // an away spell while off must not matter either
};

class BreakKindSwitchedOff : public BreakSchedulerTest,
                             public ::testing::WithParamInterface<SwitchedOffCase> {};

TEST_P(BreakKindSwitchedOff, StartsFromZeroWhenSwitchedOnAgain) {
  make(eye_only());
  run(5min);
  BreakSettings off = eye_only();
  off.eye.enabled = false;
  s().set_settings(off, clock_.now());
  if (GetParam().away_while_off) {
    run(20min);
    away_for(30s);
    run(35min - 30s);
  } else {
    run(55min);
  }
  s().set_settings(eye_only(), clock_.now());
  collect();
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::due), 0);
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(first(BreakEventType::due), start() + 1h + 20min);
}

INSTANTIATE_TEST_SUITE_P(Table, BreakKindSwitchedOff,
                         ::testing::Values(SwitchedOffCase{"OffAllAlong", false},
                                           SwitchedOffCase{"AwayWhileOff", true}),
                         [](const auto& case_info) { return std::string(case_info.param.name); });

// A new `every` while its reminder (or notice) is up: decided again at once.
struct RhythmCase {
  const char* name;
  bool eye;            // the eye break alone; else the movement break alone (1 min notice)
  Duration before;     // active time before the change
  bool snooze;         // snooze the reminder up at `before` first, then 2 min more
  Duration every;      // the new `every`
  bool visible_after;  // a reminder right after the change
  Duration next;       // then: the next reminder after this much more active time (0: none)
};

class BreakRhythmChanged : public BreakSchedulerTest,
                           public ::testing::WithParamInterface<RhythmCase> {};

TEST_P(BreakRhythmChanged, WhileItsReminderIsUp) {
  const RhythmCase& c = GetParam();
  BreakSettings settings = eye_only();
  if (!c.eye) {
    settings.eye.enabled = false;
    settings.movement.enabled = true;
  }
  const ReminderKind kind = c.eye ? ReminderKind::eye : ReminderKind::movement;
  make(settings);
  run(c.before);
  ASSERT_TRUE(s().visible());
  if (c.snooze) {
    ASSERT_EQ(answer(BreakAnswer::snooze), AnswerResult::ok);
    run(2min);
  }
  (c.eye ? settings.eye : settings.movement).every = c.every;
  s().set_settings(settings, clock_.now());
  collect();
  EXPECT_EQ(s().visible().has_value(), c.visible_after);
  if (c.visible_after) {
    EXPECT_EQ(s().visible()->kind, kind);
    EXPECT_EQ(s().visible()->phase, ReminderPhase::due);
    return;
  }
  EXPECT_EQ(events_.back().type, BreakEventType::closed);
  run(c.next - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, kind);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BreakRhythmChanged,
    ::testing::Values(
        // Due at 20 min, raised to 30 min: withdrawn, due again 10 min on.
        RhythmCase{"RaisedPastWorkedWithdrawsTheReminder", true, 20min, false, 30min, false, 10min},
        // Snoozed at 20 min (back at 25), raised to 30 min at 22: the snooze goes with it.
        RhythmCase{"RaisedPastWorkedDropsASnooze", true, 20min, true, 30min, false, 8min},
        // Raised, but still below the worked time: it stays.
        RhythmCase{"RaisedBelowWorkedKeepsIt", true, 25min, false, 22min, true, 0min},
        // The movement notice at 54 min, raised to 60: the notice goes, and comes at 59.
        RhythmCase{"RaisedPastANoticeWithdrawsIt", false, 54min, false, 60min, false, 5min},
        // The movement notice at 54 min, lowered to 50: due at once.
        RhythmCase{"LoweredBelowWorkedIsDueAtOnce", false, 54min, false, 50min, true, 0min}),
    [](const auto& case_info) { return std::string(case_info.param.name); });

// A shorter break due within the longer one's window: the longer one comes forward.
struct BroughtForwardCase {
  const char* name;
  Duration eye_every;  // the movement break is due at 55 min
  Duration eye_notice;
  Duration movement_notice;
  ReminderKind shown;  // at the eye break's due moment
};

class BreakBroughtForward : public BreakSchedulerTest,
                            public ::testing::WithParamInterface<BroughtForwardCase> {};

TEST_P(BreakBroughtForward, AtTheShorterBreaksDueMoment) {
  const BroughtForwardCase& c = GetParam();
  BreakSettings settings;
  settings.eye.every = c.eye_every;
  settings.eye.notice = c.eye_notice;
  settings.movement.notice = c.movement_notice;
  make(settings);
  run(c.eye_every - 1s);
  const int eye_shown = count(BreakEventType::shown, ReminderKind::eye);  // its notice
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, c.shown);
  EXPECT_EQ(s().visible()->phase, ReminderPhase::due);
  EXPECT_EQ(count(BreakEventType::shown, ReminderKind::eye) - eye_shown,
            c.shown == ReminderKind::eye ? 1 : 0);
  if (c.shown == ReminderKind::movement) {
    EXPECT_EQ(first(BreakEventType::due, ReminderKind::movement), start() + c.eye_every);
    EXPECT_EQ(events_[events_.size() - 2].amount, 55min - c.eye_every);
    EXPECT_EQ(events_[events_.size() - 2].detail, "early");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BreakBroughtForward,
    ::testing::Values(
        // Within the movement break's 1 min notice.
        BroughtForwardCase{"WithinTheLongersNotice", 54min + 30s, 0s, 1min, ReminderKind::movement},
        BroughtForwardCase{"AtTheEdgeOfTheLongersNotice", 54min, 0s, 1min, ReminderKind::movement},
        BroughtForwardCase{"OutsideTheLongersNotice", 53min + 59s, 0s, 1min, ReminderKind::eye},
        // Within the eye break's own notice.
        BroughtForwardCase{"WithinTheShortersOwnNotice", 53min + 30s, 2min, 0s,
                           ReminderKind::movement},
        // No notice at all: the eye break alone, the movement break supersedes it later.
        BroughtForwardCase{"NoNoticeNoWindow", 54min + 30s, 0s, 0s, ReminderKind::eye}),
    [](const auto& case_info) { return std::string(case_info.param.name); });

TEST_F(BreakSchedulerTest, TheLongerBreakBroughtForwardCountsAsBoth) {
  make();            // the defaults: eye every 20 min, movement every 55 min with 1 min notice
  run(34min + 30s);  // the eye reminder from 20 min is still up
  away_for(30s);     // a natural eye break: the eye timer starts again at 34:30 active
  EXPECT_EQ(count(BreakEventType::natural), 1);
  run(19min + 30s);  // 54:00 active: the movement notice
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::coming_up);
  run(30s);  // 54:30: the eye break is due, the movement break 30 s later
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, ReminderKind::movement);
  EXPECT_EQ(s().visible()->phase, ReminderPhase::due);
  EXPECT_EQ(count(BreakEventType::shown, ReminderKind::eye), 1);  // the one at 20 min only
  run(30s);
  EXPECT_EQ(count(BreakEventType::due, ReminderKind::movement), 1);
  answer(BreakAnswer::take);
  away_for(5min);
  EXPECT_EQ(count(BreakEventType::taken, ReminderKind::movement), 1);
  EXPECT_EQ(count(BreakEventType::taken, ReminderKind::eye), 1);
  run(20min - 1s);
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakSchedulerTest, SnoozingTheLongerBreakBroughtForwardPostponesBoth) {
  BreakSettings settings;
  settings.eye.every = 54min + 30s;
  make(settings);
  run(54min + 30s);
  ASSERT_EQ(s().visible()->kind, ReminderKind::movement);
  ASSERT_EQ(answer(BreakAnswer::snooze), AnswerResult::ok);
  // Back 5 min after its own due moment (55 min); the eye break waits with it.
  run(5min + 30s - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, ReminderKind::movement);
  EXPECT_EQ(count(BreakEventType::shown, ReminderKind::eye), 0);
}

TEST_F(BreakSchedulerTest, ASnoozedBreakDoesNotBringItsNoticeBack) {
  BreakSettings settings;
  settings.eye.enabled = false;
  make(settings);
  run(54min);  // the movement break's notice
  ASSERT_EQ(s().visible()->phase, ReminderPhase::coming_up);
  ASSERT_EQ(answer(BreakAnswer::snooze), AnswerResult::ok);
  run(6min - 1s);  // back 5 min after its due moment, due
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::due);
  EXPECT_EQ(count(BreakEventType::shown, ReminderKind::movement), 2);
}

// The daily goal: once per day and goal value.
class BreakGoalTest : public BreakSchedulerTest {
 protected:
  static BreakSettings goal_only(Duration goal) {
    BreakSettings settings;
    settings.eye.enabled = false;
    settings.movement.enabled = false;
    settings.goal_enabled = true;
    settings.daily_goal = goal;
    return settings;
  }
  void goal(long day, Duration used) {
    s().set_goal_progress({day, used, true}, clock_.now());
    collect();
  }
  void change_goal(Duration to) {
    s().set_settings(goal_only(to), clock_.now());
    collect();
  }
  int warned() const { return count(BreakEventType::goal_warned, ReminderKind::goal); }
  int reached() const { return count(BreakEventType::goal_reached, ReminderKind::goal); }
};

TEST_F(BreakGoalTest, ANewDayWithdrawsYesterdaysNotice) {
  make(goal_only(2h));
  goal(1, 1h + 59min);
  run(1min);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_reached);
  goal(2, 10min);  // left up overnight: the new day's figure arrives
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(events_.back().type, BreakEventType::closed);
  run(1h + 26min - 1s);  // 80 % of the new day's 2 h at 1:36
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_warning);
}

TEST_F(BreakGoalTest, ANewDayPastEightyPercentReplacesYesterdaysNoticeInPlace) {
  make(goal_only(2h));
  goal(1, 2h);
  ASSERT_EQ(s().visible()->phase, ReminderPhase::goal_reached);
  goal(2, 1h + 50min);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_warning);
  EXPECT_EQ(s().visible()->goal_used, 1h + 50min);
  EXPECT_EQ(warned(), 1);  // the first day went straight to "reached"
}

TEST_F(BreakGoalTest, RaisedAfterItWasReachedWarnsAndReachesAgainAtTheNewValue) {
  make(goal_only(4h));
  goal(1, 3h + 50min);  // warned at once
  run(10min);           // reached at 4 h
  answer(BreakAnswer::skip);
  run(1h);
  change_goal(8h);  // 5 h used of 8 h: 62 %
  EXPECT_FALSE(s().visible());
  run(1h + 24min - 1s);  // 80 % of 8 h is 6:24
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_warning);
  EXPECT_EQ(s().visible()->goal, 8h);
  answer(BreakAnswer::skip);
  run(1h + 36min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_reached);
  EXPECT_EQ(s().visible()->goal_used, 8h);
  EXPECT_EQ(warned(), 2);
  EXPECT_EQ(reached(), 2);
}

TEST_F(BreakGoalTest, RaisedWhileItsWarningIsUpWithdrawsIt) {
  make(goal_only(2h));
  goal(1, 1h + 40min);
  ASSERT_EQ(s().visible()->phase, ReminderPhase::goal_warning);
  change_goal(4h);  // 42 %: the warning was about the old goal
  EXPECT_FALSE(s().visible());
}

TEST_F(BreakGoalTest, LoweredBelowWhatIsUsedSaysReachedOnce) {
  make(goal_only(8h));
  goal(1, 5h);
  EXPECT_FALSE(s().visible());
  change_goal(4h);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->phase, ReminderPhase::goal_reached);
  EXPECT_EQ(s().visible()->goal, 4h);
  answer(BreakAnswer::skip);
  run(3h);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(warned(), 0);  // no separate 80 % notice
  EXPECT_EQ(reached(), 1);
  EXPECT_FALSE(s().next_deadline(clock_.now()));
}

// A daemon restart: a new scheduler, restored from the snapshot the old one left.
class BreakSchedulerRestoreTest : public BreakSchedulerTest {
 protected:
  // The daemon stops now and starts again `gap` later (wall and boot clock alike).
  void restart(const BreakSettings& settings, Duration gap) {
    const BreakSnapshot saved = s().snapshot(clock_.now());
    clock_.advance(gap);
    restart_from(saved, settings);
  }
  void restart_from(const BreakSnapshot& saved, const BreakSettings& settings) {
    make(settings);
    s().restore(saved, clock_.now());
    collect();
  }
  Duration worked(ReminderKind kind) {
    for (const auto& timer : s().status(clock_.now()).timers) {
      if (timer.kind == kind) return timer.worked;
    }
    return Duration{-1};
  }
  static BreakSettings movement_only() {
    BreakSettings settings;
    settings.eye.enabled = false;
    settings.movement.notice = 0s;
    return settings;
  }
};

TEST_F(BreakSchedulerRestoreTest, WorkedTimeIsKeptAcrossAShortRestart) {
  make(movement_only());
  run(50min);
  restart(movement_only(), 30s);  // shorter than the 5 min break: not a break
  EXPECT_EQ(worked(ReminderKind::movement), 50min);
  run(5min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->kind, ReminderKind::movement);
  // 55 min of use: the 30 s the daemon was gone are not among them.
  EXPECT_EQ(first(BreakEventType::due, ReminderKind::movement), start() + 55min + 30s);
}

TEST_F(BreakSchedulerRestoreTest, AGapAsLongAsABreakStartsThatKindAgain) {
  make();
  run(50min);
  ASSERT_TRUE(s().visible());  // the eye break, unanswered
  restart({}, 1min);           // longer than the eye break, shorter than the movement break
  EXPECT_EQ(worked(ReminderKind::eye), 0min);
  EXPECT_EQ(worked(ReminderKind::movement), 50min);
  EXPECT_FALSE(s().visible());
  EXPECT_EQ(count(BreakEventType::natural), 0);  // nothing stored for a restart
  EXPECT_EQ(count(BreakEventType::reset), 0);
  restart({}, 10min);
  EXPECT_EQ(worked(ReminderKind::movement), 0min);
}

TEST_F(BreakSchedulerRestoreTest, ADueReminderIsShownAgainButNotCountedAgain) {
  make(eye_only());
  run(21min);
  restart(eye_only(), 5s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(count(BreakEventType::due), 1);
  EXPECT_EQ(count(BreakEventType::shown), 2);
}

TEST_F(BreakSchedulerRestoreTest, ASnoozeKeepsWhatWasLeftOfIt) {
  make(eye_only());
  run(20min);
  ASSERT_EQ(answer(BreakAnswer::snooze), AnswerResult::ok);
  run(2min);
  restart(eye_only(), 10s);
  run(3min - 1s);
  EXPECT_FALSE(s().visible());
  run(1s);
  ASSERT_TRUE(s().visible());
  EXPECT_EQ(s().visible()->snoozes, 1);
}

TEST_F(BreakSchedulerRestoreTest, APauseThatHasNotEndedIsRestored) {
  make(eye_only());
  s().pause_until(start() + 1h, clock_.now());
  run(10min);
  restart(eye_only(), 10s);
  EXPECT_EQ(s().status(clock_.now()).paused_until, start() + 1h);
  run(15min);
  EXPECT_FALSE(s().visible());  // due, held back by the pause
  EXPECT_EQ(count(BreakEventType::due), 1);
}

TEST_F(BreakSchedulerRestoreTest, AnEndedPauseIsDropped) {
  make(eye_only());
  s().pause_until(start() + 15min, clock_.now());
  run(10min);
  const BreakSnapshot saved = s().snapshot(clock_.now());
  EXPECT_EQ(saved.paused_until, start() + 15min);
  clock_.advance(10min);
  restart_from(saved, eye_only());
  EXPECT_EQ(s().status(clock_.now()).paused_until, std::nullopt);
  EXPECT_EQ(s().snapshot(clock_.now()).paused_until, std::nullopt);
}

TEST_F(BreakSchedulerRestoreTest, AClockSetBackIsNoGap) {
  make(eye_only());
  run(10min);
  const BreakSnapshot saved = s().snapshot(clock_.now());
  clock_.jump_wall(-1h);
  clock_.advance(5s);
  restart_from(saved, eye_only());
  EXPECT_EQ(worked(ReminderKind::eye), 10min);
  run(10min);
  EXPECT_TRUE(s().visible());
}

}  // namespace
}  // namespace screentime::core
