// LimitedUser: a limited user's sessions, as logind describes them, through the user's
// session and limit policy, to the actions on their sessions.

#include "daemon/app/limited_user.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/app/limited_user_fakes.hpp"

namespace screentime::app {
namespace {

using namespace std::chrono_literals;

constexpr core::UserId kChild = 1001;

core::WallTime at(int hour, int minute = 0, int second = 0) {
  return core::WallTime{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
}

core::LoginSession session(std::string id, core::UserId uid, bool locked = false) {
  core::LoginSession made;
  made.id = std::move(id);
  made.uid = uid;
  made.type = "x11";
  made.session_class = "user";
  made.active = true;
  made.locked = locked;
  return made;
}

class LimitedUserTest : public ::testing::Test {
 protected:
  void run_to(core::WallTime until) {
    for (int wakeups = 0; wakeups < 1000; ++wakeups) {
      const auto deadline = user.next_deadline();
      const core::Duration step = until - clock.now().wall;
      if (!deadline || *deadline - clock.now().boot > step) return clock.advance(step);
      clock.advance(*deadline - clock.now().boot);
      user.on_deadline();
    }
    FAIL() << "kept waking";
  }
  core::UserLimits daily(core::Duration allowance, core::LimitAction action) {
    core::UserLimits limits;
    for (auto& day : limits.days) day.daily = allowance;
    limits.action = action;
    limits.grace = 1min;
    return limits;
  }

  core::FakeClock clock{at(15)};
  MemoryStore store;
  Host host;
  Actions actions;
  core::LimitsFile file;
  LimitedUser user{clock, store, host, actions, kChild, "boot-1"};
};

TEST_F(LimitedUserTest, TimeUpLocksTheUsersOpenSessionsAfterTheGraceAndNobodyElses) {
  user.start(daily(30min, core::LimitAction::lock), file);
  user.sessions_changed(
      {session("c1", kChild), session("c2", kChild, /*locked=*/true), session("c3", 1002)});
  EXPECT_EQ(user.session().accountant().state(), core::ActivityState::active);
  run_to(at(15, 30));
  EXPECT_TRUE(actions.done.empty());
  run_to(at(15, 31));
  EXPECT_EQ(actions.done, (std::vector<std::string>{"lock c1"}));
  user.sessions_changed({session("c1", kChild, true), session("c3", 1002)});  // the lock took
  run_to(at(18));
  EXPECT_EQ(actions.done.size(), 1u);
  EXPECT_EQ(user.session().limits()->standing().used_today, 31min);
}

TEST_F(LimitedUserTest, LogoutTerminatesTheSessionsAndNoSessionCountsNothing) {
  user.start(daily(10min, core::LimitAction::logout), file);
  run_to(at(16));  // no session at all: nothing counts
  EXPECT_EQ(user.session().limits()->standing().used_today, 0min);
  EXPECT_EQ(user.session().accountant().state(), core::ActivityState::unknown);
  user.sessions_changed({session("7", kChild)});
  run_to(at(16, 11));
  EXPECT_EQ(actions.done, (std::vector<std::string>{"terminate 7"}));
}

TEST_F(LimitedUserTest, AGrantGivesTimeAgain) {
  user.start(daily(10min, core::LimitAction::lock), file);
  user.sessions_changed({session("c1", kChild)});
  run_to(at(15, 10, 30));
  user.grant(15min);
  EXPECT_FALSE(user.session().limits()->standing().over);
  EXPECT_TRUE(actions.done.empty());
}

// The parents' report hears of the time up and of each action, in order.
TEST_F(LimitedUserTest, WhatTheLimitDidIsKept) {
  MemoryLimitRecords records;
  LimitedUser kept{clock, store, host, actions, kChild, "boot-1", &records};
  kept.start(daily(10min, core::LimitAction::lock), file);
  kept.sessions_changed({session("c1", kChild)});
  for (int wakeups = 0; wakeups < 100 && records.happened.size() < 2; ++wakeups) {
    const auto deadline = kept.next_deadline();
    ASSERT_TRUE(deadline);
    clock.advance(*deadline - clock.now().boot);
    kept.on_deadline();
  }
  ASSERT_EQ(records.happened.size(), 2u);
  EXPECT_EQ(records.happened[0].second.kind, core::LimitEvent::Kind::time_up);
  EXPECT_EQ(records.happened[0].second.at, at(15, 10));
  EXPECT_EQ(records.happened[1].second.kind, core::LimitEvent::Kind::action);
  EXPECT_EQ(records.happened[1].second.at, at(15, 11));
  EXPECT_EQ(records.happened[1].second.action, core::LimitAction::lock);
}

// A restart keeps today's grants: they are read back from the records, yesterday's are not.
TEST_F(LimitedUserTest, TodaysGrantsAreReadBackAtStart) {
  MemoryLimitRecords records;
  records.add_grant(kChild, {at(9), core::UtcOffset{}, 20min, 1500, std::nullopt});
  records.add_grant(kChild, {at(9) - 24h, core::UtcOffset{}, 1h, 1500, std::nullopt});
  records.add_grant(1002, {at(9), core::UtcOffset{}, 1h, 1500, std::nullopt});
  LimitedUser restarted{clock, store, host, actions, kChild, "boot-2", &records};
  restarted.start(daily(10min, core::LimitAction::lock), file);
  const auto standing = restarted.session().limits()->standing();
  EXPECT_EQ(standing.granted_today, 20min);
  EXPECT_EQ(standing.daily, 30min);
}

}  // namespace
}  // namespace screentime::app
