// LimitPolicy with the fake clock, run as the daemon runs it: waking at each deadline it names,
// to the second.

#include "daemon/core/limit_policy.hpp"

#include <gtest/gtest.h>

#include <string>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core::testing {
namespace {

using Kind = LimitNotice::Kind;

// 2026-11-30 is a Monday.
constexpr unsigned kMonday = 30;

UserLimits daily_limit(Duration daily) {
  UserLimits limits;
  for (auto& day : limits.days) day.daily = daily;
  return limits;
}

std::vector<TimeOfDayRange> hours(std::initializer_list<std::pair<int, int>> ranges) {
  std::vector<TimeOfDayRange> found;
  for (const auto& [begin, end] : ranges) {
    found.push_back({std::chrono::minutes{begin}, std::chrono::minutes{end}});
  }
  return found;
}

constexpr int hm(int hour, int minute = 0) { return hour * 60 + minute; }

struct Heard {
  Kind kind;
  WallTime at;
  Duration left{0};
  LimitReason reason = LimitReason::daily;
};

class Policy {
 public:
  Policy(WallTime start, UserLimits limits, std::shared_ptr<const TimeZone> zone = nullptr)
      : clock(start, std::move(zone)), policy(clock, std::move(limits)) {}

  // Time passes to `until` (wall), waking at each deadline on the way as the daemon does.
  void run_to(WallTime until) {
    for (int wakeups = 0; wakeups < 10'000; ++wakeups) {
      const Duration step = until - clock.now().wall;
      const auto deadline = policy.next_deadline();
      if (!deadline || *deadline - clock.now().boot > step) {
        clock.advance(step);
        return;
      }
      clock.advance(*deadline - clock.now().boot);
      ++wakeups_;
      policy.on_deadline();
      collect();
    }
    FAIL() << "the policy kept waking";
  }
  void open(bool idle = false) {
    policy.set_presence({true, idle});
    collect();
  }
  void close() {
    policy.set_presence({false, false});
    collect();
  }
  void grant(Duration extra) {
    policy.grant(extra);
    collect();
  }

  std::vector<Heard> heard;
  int wakeups() const { return wakeups_; }
  FakeClock clock;
  LimitPolicy policy;

 private:
  void collect() {
    for (const auto& notice : policy.drain()) {
      heard.push_back({notice.kind, notice.at, notice.left, notice.reason});
    }
  }
  int wakeups_ = 0;
};

std::string describe(const std::vector<Heard>& heard) {
  std::string text;
  for (const auto& each : heard) {
    text += std::to_string(static_cast<int>(each.kind)) + "@" +
            std::to_string(each.at.time_since_epoch().count() / 1000 % 86400) + " ";
  }
  return text;
}

TEST(LimitPolicy, DailyAllowanceWarnsReachesThenActsAfterTheGraceAndAgainWhileOpen) {
  Policy run(utc(2026, 11, kMonday, 10), daily_limit(1h));
  run.open();
  run.run_to(utc(2026, 11, kMonday, 11, 2, 30));
  ASSERT_EQ(run.heard.size(), 6u) << describe(run.heard);
  EXPECT_EQ(run.heard[0].kind, Kind::warning);
  EXPECT_EQ(run.heard[0].at, utc(2026, 11, kMonday, 10, 45));
  EXPECT_EQ(run.heard[0].left, 15min);
  EXPECT_EQ(run.heard[1].at, utc(2026, 11, kMonday, 10, 55));
  EXPECT_EQ(run.heard[1].left, 5min);
  EXPECT_EQ(run.heard[2].at, utc(2026, 11, kMonday, 10, 59));
  EXPECT_EQ(run.heard[3].kind, Kind::reached);
  EXPECT_EQ(run.heard[3].at, utc(2026, 11, kMonday, 11));
  EXPECT_EQ(run.heard[3].reason, LimitReason::daily);
  EXPECT_EQ(run.heard[3].left, 1min);  // the grace, for "the screen locks in 1 min"
  EXPECT_EQ(run.heard[4].kind, Kind::enforce);
  EXPECT_EQ(run.heard[4].at, utc(2026, 11, kMonday, 11, 1));  // after the 1 min grace
  EXPECT_EQ(run.heard[5].kind, Kind::enforce);                // the lock did not take: again
  EXPECT_EQ(run.heard[5].at, utc(2026, 11, kMonday, 11, 2));
  // The lock takes: nothing more, and no wakeups but the next midnight's.
  run.close();
  const int before = run.wakeups();
  run.run_to(utc(2026, 11, kMonday, 23, 59));
  EXPECT_EQ(run.heard.size(), 6u);
  EXPECT_EQ(run.wakeups(), before);
}

TEST(LimitPolicy, UnlockingOverTheLimitActsAgainAfterTheGrace) {
  Policy run(utc(2026, 11, kMonday, 10), daily_limit(10min));
  run.open();
  run.run_to(utc(2026, 11, kMonday, 10, 11));
  run.close();  // locked
  run.run_to(utc(2026, 11, kMonday, 12));
  run.heard.clear();
  run.open();  // unlocked, still over
  run.run_to(utc(2026, 11, kMonday, 12, 5));
  ASSERT_GE(run.heard.size(), 1u);
  EXPECT_EQ(run.heard[0].kind, Kind::enforce);
  EXPECT_EQ(run.heard[0].at, utc(2026, 11, kMonday, 12, 1));
}

TEST(LimitPolicy, IdleTimeCountsOnlyWhenTheParentSaysSo) {
  for (const bool count_idle : {false, true}) {
    auto limits = daily_limit(10min);
    limits.count_idle = count_idle;
    Policy run(utc(2026, 11, kMonday, 10), limits);
    run.open(/*idle=*/true);
    run.run_to(utc(2026, 11, kMonday, 10, 30));
    EXPECT_EQ(run.policy.standing().used_today, count_idle ? 30min : 0min) << count_idle;
    EXPECT_EQ(run.policy.standing().over, count_idle) << count_idle;
  }
}

TEST(LimitPolicy, ANewDayBringsANewAllowanceAtLocalMidnight) {
  // Monday 23:30 in Stockholm.
  Policy local(utc(2026, 11, kMonday, 22, 30), daily_limit(1h), stockholm());
  local.policy.set_used(date(2026, 11, kMonday), 45min);
  local.open();
  local.run_to(utc(2026, 11, kMonday, 23, 30));  // Tuesday 00:30 local
  std::vector<Kind> kinds;
  for (const auto& each : local.heard) kinds.push_back(each.kind);
  ASSERT_GE(local.heard.size(), 3u) << describe(local.heard);
  EXPECT_EQ(local.heard.front().left, 15min);  // 15 min left on opening: one warning
  const auto reached = std::find_if(local.heard.begin(), local.heard.end(),
                                    [](const Heard& h) { return h.kind == Kind::reached; });
  ASSERT_NE(reached, local.heard.end());
  EXPECT_EQ(reached->at, utc(2026, 11, kMonday, 22, 45));  // 23:45 local
  EXPECT_EQ(local.heard.back().kind, Kind::allowed_again);
  EXPECT_EQ(local.heard.back().at, utc(2026, 11, kMonday, 23));  // midnight local
  EXPECT_EQ(local.policy.standing().day, date(2026, 12, 1));
  EXPECT_EQ(local.policy.standing().used_today, 30min);
}

TEST(LimitPolicy, EachWeekdayHasItsOwnAllowance) {
  UserLimits limits;
  for (std::size_t day = 0; day < kDaysInWeek; ++day) {
    limits.days[day].daily = std::chrono::minutes{10 * static_cast<int>(day + 1)};
  }
  for (unsigned offset = 0; offset < 7; ++offset) {
    Policy run(utc(2026, 11, kMonday, 12) + std::chrono::days{offset}, limits);
    EXPECT_EQ(run.policy.standing().daily, std::chrono::minutes{10 * (offset + 1)}) << offset;
  }
}

TEST(LimitPolicy, AllowedHoursEndTheTimeAcrossMidnight) {
  UserLimits limits;
  for (auto& day : limits.days) day.allowed_hours = hours({});
  limits.days[0].allowed_hours = hours({{hm(20), hm(1)}});  // Monday 20:00 to Tuesday 01:00
  Policy run(utc(2026, 11, kMonday, 23), limits);
  EXPECT_TRUE(run.policy.standing().hours.allowed);
  EXPECT_EQ(run.policy.standing().left, 2h);
  run.open();
  run.run_to(utc(2026, 12, 1, 1, 0, 30));
  ASSERT_EQ(run.heard.size(), 4u) << describe(run.heard);
  EXPECT_EQ(run.heard[0].at, utc(2026, 12, 1, 0, 45));
  EXPECT_EQ(run.heard[0].reason, LimitReason::hours);  // the warning says what ends the time
  EXPECT_EQ(run.heard[3].kind, Kind::reached);
  EXPECT_EQ(run.heard[3].at, utc(2026, 12, 1, 1));
  EXPECT_EQ(run.heard[3].reason, LimitReason::hours);
  // No allowed hour until next Monday's.
  EXPECT_EQ(run.policy.standing().hours.changes_at, utc(2026, 12, 7, 20));
}

TEST(LimitPolicy, ASessionOpeningOutsideTheAllowedHoursHearsItAndTheActionFollows) {
  UserLimits limits;
  for (auto& day : limits.days) day.allowed_hours = hours({{hm(7), hm(8)}, {hm(15), hm(20, 30)}});
  Policy run(utc(2026, 11, kMonday, 6), limits);
  EXPECT_FALSE(run.policy.standing().hours.allowed);
  EXPECT_EQ(run.policy.standing().hours.changes_at, utc(2026, 11, kMonday, 7));
  run.open();
  run.run_to(utc(2026, 11, kMonday, 6, 1, 5));
  ASSERT_EQ(run.heard.size(), 2u) << describe(run.heard);
  EXPECT_EQ(run.heard[0].kind, Kind::reached);
  EXPECT_EQ(run.heard[0].at, utc(2026, 11, kMonday, 6));
  EXPECT_EQ(run.heard[1].kind, Kind::enforce);
  EXPECT_EQ(run.heard[1].at, utc(2026, 11, kMonday, 6, 1));
  run.close();
  run.run_to(utc(2026, 11, kMonday, 7, 30));
  EXPECT_EQ(run.heard.back().kind, Kind::allowed_again);
  EXPECT_EQ(run.heard.back().at, utc(2026, 11, kMonday, 7));
  EXPECT_EQ(run.policy.standing().hours.changes_at, utc(2026, 11, kMonday, 8));
}

TEST(LimitPolicy, AllowedHoursFollowLocalTimeAcrossADstChange) {
  // Stockholm, night to Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST.
  UserLimits limits;
  for (auto& day : limits.days) day.allowed_hours = hours({});
  limits.days[5].allowed_hours = hours({{hm(22), hm(24)}});                      // Saturday
  limits.days[6].allowed_hours = hours({{hm(0), hm(3, 30)}, {hm(10), hm(20)}});  // Sunday
  Policy night(utc(2026, 3, 28, 22), limits, stockholm());  // Saturday 23:00 CET
  EXPECT_EQ(night.policy.standing().hours.changes_at, utc(2026, 3, 29, 1, 30));  // 03:30 CEST
  EXPECT_EQ(night.policy.standing().left, 3h + 30min);   // 4 h 30 min by the clock on the wall
  Policy day(utc(2026, 3, 29, 8), limits, stockholm());  // Sunday 10:00 CEST
  EXPECT_EQ(day.policy.standing().hours.changes_at, utc(2026, 3, 29, 18));  // 20:00 CEST
}

TEST(LimitPolicy, WeeklyAllowanceCountsTheWeekFromMonday) {
  UserLimits limits;
  limits.weekly = 2h;
  Policy run(utc(2026, 12, 1, 10), limits);  // Tuesday
  run.policy.set_used(date(2026, 11, kMonday), 90min);
  run.policy.set_used(date(2026, 11, 29), 5h);  // the Sunday before: another week
  run.open();
  run.run_to(utc(2026, 12, 1, 11));
  const auto reached = std::find_if(run.heard.begin(), run.heard.end(),
                                    [](const Heard& h) { return h.kind == Kind::reached; });
  ASSERT_NE(reached, run.heard.end()) << describe(run.heard);
  EXPECT_EQ(reached->at, utc(2026, 12, 1, 10, 30));
  EXPECT_EQ(reached->reason, LimitReason::weekly);
  EXPECT_EQ(run.policy.standing().used_week, 2h + 30min);
  run.close();
  run.run_to(utc(2026, 12, 7, 0, 0, 1));  // next Monday
  EXPECT_EQ(run.heard.back().kind, Kind::allowed_again);
  EXPECT_EQ(run.policy.standing().used_week, 0min);
}

TEST(LimitPolicy, AGrantLiftsTheLimitAndWarnsAgainBeforeTheNewEnd) {
  Policy run(utc(2026, 11, kMonday, 10), daily_limit(30min));
  run.open();
  run.run_to(utc(2026, 11, kMonday, 10, 30, 30));
  ASSERT_EQ(run.heard.back().kind, Kind::reached);
  run.heard.clear();
  run.grant(20min);
  EXPECT_FALSE(run.policy.standing().over);
  EXPECT_EQ(run.policy.standing().left, 19min + 30s);
  EXPECT_EQ(run.policy.standing().granted_today, 20min);
  run.run_to(utc(2026, 11, kMonday, 11));
  ASSERT_GE(run.heard.size(), 4u) << describe(run.heard);
  EXPECT_EQ(run.heard[0].kind, Kind::allowed_again);
  EXPECT_EQ(run.heard[1].kind, Kind::warning);
  EXPECT_EQ(run.heard[1].at, utc(2026, 11, kMonday, 10, 35));  // 15 min before 10:50
  EXPECT_EQ(run.heard[4].kind, Kind::reached);
  EXPECT_EQ(run.heard[4].at, utc(2026, 11, kMonday, 10, 50));
}

TEST(LimitPolicy, AWallClockChangeNeitherAddsNorRemovesTime) {
  for (const Duration jump : {-2h, 3h}) {
    Policy run(utc(2026, 11, kMonday, 10), daily_limit(1h));
    run.open();
    run.run_to(utc(2026, 11, kMonday, 10, 30));
    run.clock.jump_wall(jump);
    run.policy.on_deadline();
    EXPECT_EQ(run.policy.standing().used_today, 30min) << jump.count();
    EXPECT_EQ(run.policy.standing().left, 30min) << jump.count();
  }
}

TEST(LimitPolicy, SeveralSessionsOfOneUserCountOnce) {
  Policy run(utc(2026, 11, kMonday, 10), daily_limit(1h));
  run.open();
  run.open();  // a second session opens: the presence is the same
  run.run_to(utc(2026, 11, kMonday, 10, 20));
  EXPECT_EQ(run.policy.standing().used_today, 20min);
}

TEST(LimitPolicy, TheNotifyActionRunsOncePerTimeUp) {
  auto limits = daily_limit(5min);
  limits.action = LimitAction::notify;
  limits.grace = 0s;
  Policy run(utc(2026, 11, kMonday, 10), limits);
  run.open();
  run.run_to(utc(2026, 11, kMonday, 12));
  const auto enforced = std::count_if(run.heard.begin(), run.heard.end(),
                                      [](const Heard& h) { return h.kind == Kind::enforce; });
  EXPECT_EQ(enforced, 1);
}

TEST(LimitPolicy, WithoutLimitsItNeverWakes) {
  Policy run(utc(2026, 11, kMonday, 10), UserLimits{});
  run.open();
  EXPECT_FALSE(run.policy.next_deadline());
  EXPECT_FALSE(run.policy.standing().left);
  run.run_to(utc(2026, 12, 7));
  EXPECT_EQ(run.wakeups(), 0);
  EXPECT_TRUE(run.heard.empty());
}

TEST(LimitPolicy, TimeAlreadyUsedBeforeARestartCounts) {
  Policy run(utc(2026, 11, kMonday, 10), daily_limit(1h));
  run.policy.set_used(date(2026, 11, kMonday), 55min);
  run.policy.set_granted(date(2026, 11, kMonday), 10min);
  EXPECT_EQ(run.policy.standing().left, 15min);
  run.open();
  ASSERT_EQ(run.heard.size(), 1u);
  EXPECT_EQ(run.heard[0].kind, Kind::warning);
  EXPECT_EQ(run.heard[0].left, 15min);
}

}  // namespace
}  // namespace screentime::core::testing
