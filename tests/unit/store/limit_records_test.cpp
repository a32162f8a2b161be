// The system role's grants and requests in the SQLite store: written at once, read back after
// a reopen, answered once, purged with the user's history.

#include <gtest/gtest.h>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters::testing {
namespace {

constexpr core::UserId kChild = 1001;
constexpr core::UserId kParent = 1500;

core::LimitRequest asked(core::UserId user, core::WallTime at, core::Duration extra,
                         std::string reason) {
  core::LimitRequest request;
  request.user = user;
  request.asked_at = at;
  request.offset = 1h;
  request.extra = extra;
  request.reason = std::move(reason);
  return request;
}

TEST(SqliteStoreLimitRecords, GrantsAreKeptAtOnceAndReadBackByTime) {
  TempDir dir;
  {
    SqliteStore store(dir.db());
    store.add_grant(kChild, {utc(2026, 12, 1, 15), 1h, 30min, kParent, std::nullopt});
    store.add_grant(kChild, {utc(2026, 12, 2, 9), 1h, 15min, 0, 7});
    store.add_grant(4242, {utc(2026, 12, 1, 16), 1h, 1h, 0, std::nullopt});
    EXPECT_EQ(count_rows(dir.db(), "limit_grants"), 3) << "written without a flush";
  }
  SqliteStore store(dir.db());
  const auto first_day = store.grants(kChild, utc(2026, 12, 1), utc(2026, 12, 2));
  ASSERT_EQ(first_day.size(), 1u);
  EXPECT_EQ(first_day[0].extra, 30min);
  EXPECT_EQ(first_day[0].by, kParent);
  EXPECT_EQ(first_day[0].offset, 1h);
  EXPECT_FALSE(first_day[0].request);
  const auto both = store.grants(kChild, utc(2026, 12, 1), utc(2026, 12, 3));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].request, 7);
}

TEST(SqliteStoreLimitRecords, ARequestIsAnsweredOnceAndListedPerUser) {
  TempDir dir;
  SqliteStore store(dir.db());
  const auto homework = store.add_request(asked(kChild, utc(2026, 12, 1, 15), 30min, "homework"));
  const auto other = store.add_request(asked(4242, utc(2026, 12, 1, 16), 1h, ""));
  EXPECT_NE(homework, other);
  EXPECT_TRUE(store.answer_request(homework, core::RequestState::granted, utc(2026, 12, 1, 15, 5),
                                   kParent, 20min));
  EXPECT_FALSE(
      store.answer_request(homework, core::RequestState::denied, utc(2026, 12, 1, 15, 6), 0, 0min))
      << "an answered request stays answered";
  const auto read = store.request(homework);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->state, core::RequestState::granted);
  EXPECT_EQ(read->granted, 20min);
  EXPECT_EQ(read->answered_by, kParent);
  EXPECT_EQ(read->reason, "homework");
  EXPECT_EQ(store.requests(kChild, utc(2026, 12, 1)).size(), 1u);
  EXPECT_EQ(store.requests(std::nullopt, utc(2026, 12, 1)).size(), 2u);
  EXPECT_EQ(store.requests(std::nullopt, utc(2026, 12, 1, 15, 30)).size(), 1u);
  EXPECT_FALSE(store.request(999));
}

TEST(SqliteStoreLimitRecords, WhatTheLimitDidIsKeptInOrder) {
  TempDir dir;
  {
    SqliteStore store(dir.db());
    store.add_event(kChild, {utc(2026, 12, 1, 15, 1), 1h, core::LimitEvent::Kind::action,
                             core::LimitAction::logout, core::LimitReason::hours});
    store.add_event(kChild, {utc(2026, 12, 1, 15), 1h, core::LimitEvent::Kind::time_up,
                             core::LimitAction::logout, core::LimitReason::hours});
  }
  SqliteStore store(dir.db());
  const auto events = store.events(kChild, utc(2026, 12, 1), utc(2026, 12, 2));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, core::LimitEvent::Kind::time_up);
  EXPECT_EQ(events[1].action, core::LimitAction::logout);
  EXPECT_EQ(events[1].reason, core::LimitReason::hours);
  EXPECT_TRUE(store.events(4242, utc(2026, 12, 1), utc(2026, 12, 2)).empty());
}

TEST(SqliteStoreLimitRecords, PurgedWithTheUsersHistory) {
  TempDir dir;
  SqliteStore store(dir.db());
  store.add_grant(kChild, {utc(2026, 12, 1, 15), 1h, 30min, kParent, std::nullopt});
  store.add_request(asked(kChild, utc(2026, 12, 1, 15), 30min, ""));
  store.add_event(kChild, {utc(2026, 12, 1, 15), 1h, core::LimitEvent::Kind::time_up,
                           core::LimitAction::lock, core::LimitReason::daily});
  store.add_grant(4242, {utc(2026, 12, 1, 15), 1h, 30min, kParent, std::nullopt});
  store.purge_before(kChild, utc(2026, 12, 2));
  EXPECT_TRUE(store.grants(kChild, utc(2026, 11, 1), utc(2026, 12, 3)).empty()) << "at once";
  ASSERT_TRUE(store.flush().written);
  EXPECT_EQ(count_rows(dir.db(), "limit_grants"), 1);
  EXPECT_EQ(count_rows(dir.db(), "limit_requests"), 0);
  EXPECT_EQ(count_rows(dir.db(), "limit_events"), 0);
}

}  // namespace
}  // namespace screentime::adapters::testing
