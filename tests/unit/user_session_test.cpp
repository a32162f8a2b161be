// UserSession: the rules between the tracker, the arbiter, the break scheduler and the goal.
#include "daemon/core/user_session.hpp"

#include <gtest/gtest.h>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;

// Stored history as the session reads it: a fixed figure per day.
struct FixedHistory final : UsageHistory {
  Duration stored_active_on(LocalDate, DayStart) const override { return stored; }
  Duration stored = Duration::zero();
};

class Session : public ::testing::Test {
 protected:
  Session() {
    settings.checkpoint_every = 0s;  // checkpoints only on changes: fewer steps to read
    settings.breaks.movement.enabled = false;
  }
  void SetUp() override { start(); }

  void start() {
    session = std::make_unique<UserSession>(clock, "boot-1", settings, history);
    session->start(std::nullopt, std::nullopt);
    session->set_input_source("x11");  // active from now, as a source that just started
    session->drain();
  }
  ActivityState state() const { return session->accountant().state(); }

  FakeClock clock{utc(2026, 3, 10, 9)};
  SessionSettings settings;
  FixedHistory history;
  std::unique_ptr<UserSession> session;
};

TEST_F(Session, TheArbitersDecisionIsRecordedOnceWhenItChanges) {
  EXPECT_EQ(state(), ActivityState::active);
  session->input_seen();
  auto output = session->drain();
  EXPECT_FALSE(output.state_changed);
  EXPECT_TRUE(output.tracker.empty());

  clock.advance(1min);
  const Instant last_input = clock.now();
  clock.advance(5min);
  session->input_idle(5min, last_input);
  output = session->drain();
  EXPECT_TRUE(output.state_changed);
  ASSERT_EQ(output.tracker.size(), 1u);
  ASSERT_EQ(output.tracker[0].closed.size(), 1u);
  EXPECT_EQ(output.tracker[0].closed[0].duration, 1min);  // idle began at the last input
  EXPECT_EQ(state(), ActivityState::idle);
}

TEST_F(Session, OnlyTheIdleThresholdMakesTheStateIdleABreaksLengthOnlyMakesTheUserAway) {
  const Instant last_input = clock.now();
  clock.advance(20s);
  session->input_idle(20s, last_input);
  EXPECT_EQ(state(), ActivityState::active);
  EXPECT_FALSE(session->arbiter().presence(clock.now()).present);
}

// The closed intervals since the last drain, in order.
std::vector<Interval> closed(SessionOutput output) {
  std::vector<Interval> all;
  for (auto& step : output.tracker) {
    for (auto& interval : step.closed) all.push_back(std::move(interval));
  }
  return all;
}

// A locker set to the idle threshold locks at the moment the idle source reports: whichever
// of the two the session hears first, the time since the last input was idle, not active.
TEST_F(Session, ALockAtTheMomentTheIdleReportIsDueEndsIdleTimeInEitherOrder) {
  clock.advance(1min);
  const Instant last_input = clock.now();
  clock.advance(20s);
  session->input_idle(20s, last_input);  // a break's length: away, still active
  clock.advance(5min - 20s);
  session->drain();
  SessionFacts locked;
  locked.locked = true;
  session->set_login_session(locked);  // the lock first
  session->input_idle(5min, last_input);
  const auto intervals = closed(session->drain());
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0].state, ActivityState::active);
  EXPECT_EQ(intervals[0].duration, 1min);
  EXPECT_EQ(intervals[1].state, ActivityState::idle);
  EXPECT_EQ(intervals[1].duration, 5min);
  EXPECT_EQ(intervals[1].source, "x11");
  EXPECT_EQ(state(), ActivityState::locked);
}

// Input that comes when the idle report is due, before it: the pause was idle all the same.
TEST_F(Session, InputBeforeADueIdleReportEndsIdleTime) {
  const Instant last_input = clock.now();
  clock.advance(20s);
  session->input_idle(20s, last_input);
  clock.advance(6min);
  session->drain();
  session->input_seen();
  const auto intervals = closed(session->drain());
  ASSERT_EQ(intervals.size(), 1u);
  EXPECT_EQ(intervals[0].state, ActivityState::idle);
  EXPECT_EQ(intervals[0].duration, 6min + 20s);
  EXPECT_EQ(state(), ActivityState::active);
}

// A pause shorter than the threshold stays active, whatever ends it.
TEST_F(Session, APauseShorterThanTheThresholdStaysActiveThroughALock) {
  const Instant last_input = clock.now();
  clock.advance(20s);
  session->input_idle(20s, last_input);
  clock.advance(4min);
  session->drain();
  SessionFacts locked;
  locked.locked = true;
  session->set_login_session(locked);
  const auto intervals = closed(session->drain());
  ASSERT_EQ(intervals.size(), 1u);
  EXPECT_EQ(intervals[0].state, ActivityState::active);
  EXPECT_EQ(intervals[0].duration, 4min + 20s);
}

TEST_F(Session, EveryCheckpointCarriesTheBreakState) {
  clock.advance(10min);
  SessionFacts locked;
  locked.locked = true;
  session->set_login_session(locked);
  const auto output = session->drain();
  ASSERT_FALSE(output.tracker.empty());
  ASSERT_TRUE(output.tracker.back().checkpoint);
  ASSERT_TRUE(output.break_snapshot);
  EXPECT_EQ(output.break_snapshot->eye.worked, 10min);
}

TEST_F(Session, AFullscreenWindowOrAnInhibitorHoldsRemindersBack) {
  session->set_fullscreen(true);
  EXPECT_TRUE(session->presenting());
  clock.advance(21min);
  session->wake_up();
  EXPECT_FALSE(session->breaks().visible());
  session->set_fullscreen(false);
  session->set_inhibitors({{"logind", "mpv", "video"}});
  EXPECT_TRUE(session->presenting());
  session->set_inhibitors({});
  EXPECT_TRUE(session->breaks().visible());
  EXPECT_TRUE(session->drain().reminder_changed);
}

TEST_F(Session, AReportedStateWinsOverTheSourcesButNotOverSleep) {
  session->report_state(StateDecision{ActivityState::locked, "replay", ""}, clock.now());
  EXPECT_EQ(state(), ActivityState::locked);
  session->before_sleep();
  EXPECT_EQ(state(), ActivityState::asleep);
  clock.advance(1h);
  session->after_sleep();
  EXPECT_EQ(state(), ActivityState::locked);
}

TEST_F(Session, TheGoalIsHistoryPlusTheOpenInterval) {
  settings.breaks.eye.enabled = false;
  settings.breaks.goal_enabled = true;
  settings.breaks.daily_goal = 2h;
  history.stored = 1h;
  start();
  clock.advance(30min);
  EXPECT_EQ(session->active_on(date(2026, 3, 10)), 1h + 30min);
  // 80 % of 2 h is 96 min: 1 h stored + 36 min of this interval, at 09:36.
  const auto deadline = session->next_deadline();
  ASSERT_TRUE(deadline);
  EXPECT_EQ(deadline->at, clock.now().boot + 6min);
  EXPECT_EQ(deadline->reason, DeadlineReason::breaks);
}

TEST_F(Session, ANewDayWithdrawsYesterdaysGoalNoticeAtTheDayStart) {
  settings.breaks.eye.enabled = false;
  settings.breaks.goal_enabled = true;
  settings.breaks.daily_goal = 1h;
  history.stored = 1h;  // reached at once
  start();
  ASSERT_TRUE(session->breaks().visible());
  SessionFacts locked;
  locked.locked = true;
  session->set_login_session(locked);  // away for the night, the notice left up
  const auto deadline = session->next_deadline();
  ASSERT_TRUE(deadline);
  EXPECT_EQ(deadline->reason, DeadlineReason::day);
  EXPECT_EQ(deadline->at, clock.now().boot + 19h);  // 04:00 UTC the next day
  history.stored = Duration::zero();
  clock.advance(19h);
  session->wake_up();
  EXPECT_FALSE(session->breaks().visible());
  EXPECT_FALSE(session->next_deadline());  // locked, nothing up: no wake-up at all
}

TEST_F(Session, TheNextDeadlineIsTheEarliestAndSaysWhose) {
  settings.checkpoint_every = 5min;
  start();
  const auto deadline = session->next_deadline();
  ASSERT_TRUE(deadline);
  EXPECT_EQ(deadline->at, clock.now().boot + 5min);
  EXPECT_EQ(deadline->reason, DeadlineReason::checkpoint);
}

TEST_F(Session, ARestartGoesOnFromTheSavedBreakState) {
  clock.advance(15min);
  session->stop();
  const auto saved = session->drain().break_snapshot;
  ASSERT_TRUE(saved);
  clock.advance(10s);
  session = std::make_unique<UserSession>(clock, "boot-1", settings, history);
  session->start(std::nullopt, saved);
  session->set_input_source("x11");
  EXPECT_EQ(session->breaks().status(clock.now()).timers[0].worked, 15min);
}

TEST(InputThresholds, TheIdleThresholdAndEachEnabledBreaksLengthOnceInOrder) {
  SessionSettings settings;
  settings.activity.idle_threshold = 5min;
  settings.breaks.eye.length = 20s;
  settings.breaks.movement.length = 5min;
  EXPECT_EQ(input_thresholds(settings), (std::vector<Duration>{20s, 5min}));
  settings.breaks.eye.enabled = false;
  settings.breaks.movement.length = 3min;
  EXPECT_EQ(input_thresholds(settings), (std::vector<Duration>{3min, 5min}));
}

namespace limits_in_session {

UserLimits daily_limit(Duration daily) {
  UserLimits limits;
  for (auto& day : limits.days) day.daily = daily;
  limits.warnings = {};
  limits.grace = 1min;
  return limits;
}

// Runs to `until`, waking at every deadline on the way, and keeps the limit notices.
std::vector<LimitNotice> run_to(FakeClock& clock, UserSession& session, WallTime until) {
  std::vector<LimitNotice> heard;
  for (int wakeups = 0; wakeups < 1000; ++wakeups) {
    const auto deadline = session.next_deadline();
    const Duration step = until - clock.now().wall;
    if (!deadline || deadline->at - clock.now().boot > step) {
      clock.advance(step);
      break;
    }
    clock.advance(deadline->at - clock.now().boot);
    session.wake_up();
    for (auto& notice : session.drain().limit_notices) heard.push_back(notice);
  }
  return heard;
}

TEST_F(Session, LimitsCountWhatIsRecordedAndTheActionFollowsTheGrace) {
  session->set_limits(daily_limit(10min));
  auto heard = run_to(clock, *session, utc(2026, 3, 10, 9, 11, 30));
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0].kind, LimitNotice::Kind::reached);
  EXPECT_EQ(heard[0].at, utc(2026, 3, 10, 9, 10));
  EXPECT_EQ(heard[1].kind, LimitNotice::Kind::enforce);
  EXPECT_EQ(heard[1].at, utc(2026, 3, 10, 9, 11));
  EXPECT_EQ(session->next_deadline()->reason, DeadlineReason::limits);  // again, while open
  SessionFacts locked;
  locked.locked = true;
  session->set_login_session(locked);  // the lock took
  EXPECT_TRUE(session->drain().limit_notices.empty());
  EXPECT_TRUE(run_to(clock, *session, utc(2026, 3, 10, 12)).empty());
}

TEST_F(Session, IdleTimeCountsForLimitsOnlyWhenTheyMakeItCount) {
  for (const bool count_idle : {false, true}) {
    start();
    auto limits = daily_limit(1h);
    limits.count_idle = count_idle;
    session->set_limits(limits);
    const Instant last_input = clock.now();
    clock.advance(5min);
    session->input_idle(5min, last_input);  // idle since the last input
    ASSERT_EQ(state(), ActivityState::idle);
    run_to(clock, *session, clock.now().wall + 30min);
    EXPECT_EQ(session->limits()->standing().used_today, count_idle ? 35min : 5min) << count_idle;
  }
}

TEST_F(Session, TimeUsedEarlierThisWeekComesFromTheHistory) {
  history.stored = 1h;  // on each day: Monday and today, Tuesday 2026-03-10
  start();
  UserLimits limits;
  limits.weekly = 3h;
  session->set_limits(limits);
  EXPECT_EQ(session->limits()->standing().used_week, 2h);
  EXPECT_EQ(session->limits()->standing().left, 1h);
}

// The system role starts a limited user's session, then sets the limits: the interval the
// start closed (a crash's checkpointed use, perhaps hours) is not in the history yet, and
// must count all the same, with the part kept through the crash.
TEST_F(Session, UseTheLastRunCheckpointedCountsWhenLimitsAreSetRightAfterTheStart) {
  settings.checkpoint_every = 5min;
  settings.keep_state_through_crash = true;
  start();
  clock.advance(40min);
  const std::optional<LastSeen> checkpoint = session->accountant().last_seen(clock.now());
  clock.advance(2min);  // lost in the crash
  session.reset();
  clock.advance(1min);
  session = std::make_unique<UserSession>(clock, "boot-1", settings, history);
  session->start(checkpoint, std::nullopt);
  session->set_limits(daily_limit(1h));
  // 40 minutes checkpointed, and the 3 minutes since, kept (under one checkpoint interval).
  EXPECT_EQ(session->limits()->standing().used_today, 43min);
  EXPECT_EQ(session->limits()->standing().left, 17min);
}

}  // namespace limits_in_session

}  // namespace
}  // namespace screentime::core
