// What goes into the store comes back out, whether still queued or already written.

#include "daemon/adapters/store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters {
namespace {

using namespace testing;
using core::ActivityState;
using core::Interval;
using core::LastSeen;

constexpr core::UserId kAlice = 1000;
constexpr core::UserId kBob = 1001;

const core::WallTime kFar = utc(2100, 1, 1);
const core::WallTime kEpoch{};

std::vector<Interval> sample_day() {
  core::WallTime day = utc(2024, 3, 31);  // the spring DST change in Europe/Stockholm
  return {
      interval(day + 1ms, 1ms, ActivityState::active, "logind", "", 3600s),
      interval(day + 7h + 123ms, 59'999ms, ActivityState::idle, "x11", "", 7200s),
      interval(day + 8h + 1s + 7ms, 3h + 1ms, ActivityState::active, "x11", "Firefox — video",
               7200s),
      interval(day + 11h, 0ms, ActivityState::locked, "logind", "", -12'600s),
      interval(day + 12h, 9h, ActivityState::asleep, "daemon", "suspend", 50'400s),
      interval(day + 21h, 10min, ActivityState::unknown, "daemon", "", 0s),
  };
}

TEST(SqliteStore, IntervalsRoundTripToTheMillisecondQueuedAndWritten) {
  TempDir dir;
  std::vector<Interval> day = sample_day();
  {
    SqliteStore store(dir.db());
    for (const Interval& each : day) store.append(kAlice, each);
    EXPECT_EQ(store.pending(), day.size());
    EXPECT_EQ(store.intervals(kAlice, kEpoch, kFar), day) << "queued";
    core::FlushOutcome outcome = store.flush();
    ASSERT_TRUE(outcome.written) << outcome.error;
    EXPECT_EQ(store.pending(), 0u);
    EXPECT_EQ(store.intervals(kAlice, kEpoch, kFar), day) << "written";
  }
  SqliteStore reopened(dir.db());
  EXPECT_EQ(reopened.intervals(kAlice, kEpoch, kFar), day) << "after reopening";
  EXPECT_TRUE(reopened.intervals(kBob, kEpoch, kFar).empty());
}

TEST(SqliteStore, UsersAreKeptApart) {
  TempDir dir;
  SqliteStore store(dir.db());
  Interval alices = interval(utc(2024, 5, 1, 9), 1h);
  Interval bobs = interval(utc(2024, 5, 1, 9, 30), 2h, ActivityState::idle);
  store.append(kAlice, alices);
  store.append(kBob, bobs);
  store.save_last_seen(kBob, {.wall = utc(2024, 5, 1, 12), .boot = {}, .boot_id = "b", .open = {}});
  ASSERT_TRUE(store.flush().written);
  EXPECT_EQ(store.intervals(kAlice, kEpoch, kFar), std::vector{alices});
  EXPECT_EQ(store.intervals(kBob, kEpoch, kFar), std::vector{bobs});
  EXPECT_FALSE(store.last_seen(kAlice).has_value());
  EXPECT_TRUE(store.last_seen(kBob).has_value());
}

TEST(SqliteStore, LastSeenRoundTripsWithAndWithoutOpenInterval) {
  TempDir dir;
  LastSeen clean_stop{.wall = utc(2024, 10, 27, 1, 30) + 999ms,
                      .boot = core::BootTime(123'456'789ms),
                      .boot_id = "5f1e8a0c-2f4b-4d3e-9a77-0123456789ab",
                      .open = std::nullopt};
  LastSeen running = clean_stop;
  running.wall += 5min;
  running.boot += 5min;
  running.open = interval(utc(2024, 10, 27, 1) + 1ms, 35min, ActivityState::active, "x11",
                          "inhibited by \"mpv\"", 3600s);
  {
    SqliteStore store(dir.db());
    EXPECT_FALSE(store.last_seen(kAlice).has_value());
    store.save_last_seen(kAlice, clean_stop);
    EXPECT_EQ(store.last_seen(kAlice), clean_stop) << "queued";
    ASSERT_TRUE(store.flush().written);
    EXPECT_EQ(store.last_seen(kAlice), clean_stop) << "written";
    store.save_last_seen(kAlice, running);
    EXPECT_EQ(store.last_seen(kAlice), running) << "queued replaces written";
    ASSERT_TRUE(store.flush().written);
  }
  {
    SqliteStore store(dir.db());
    EXPECT_EQ(store.last_seen(kAlice), running);
    store.save_last_seen(kAlice, running);
    store.save_last_seen(kAlice, clean_stop);  // only the newest of a batch is written
    ASSERT_TRUE(store.flush().written);
  }
  SqliteStore store(dir.db());
  EXPECT_EQ(store.last_seen(kAlice), clean_stop);
  EXPECT_EQ(count_rows(dir.db(), "last_seen"), 1);
}

TEST(SqliteStore, SourcesAndDetailsAreInternedOnce) {
  TempDir dir;
  core::WallTime start = utc(2024, 6, 1);
  {
    SqliteStore store(dir.db());
    for (int i = 0; i < 100; ++i) {
      store.append(kAlice, interval(start + i * 1min, 1min, ActivityState::active,
                                    i % 2 ? "x11" : "logind", i % 3 ? "" : "zoom"));
    }
    ASSERT_TRUE(store.flush().written);
  }
  {
    SqliteStore store(dir.db());  // a new connection must find the existing rows, not add more
    store.append(kAlice, interval(start + 200min, 1min, ActivityState::idle, "x11", "zoom"));
    store.append(kAlice, interval(start + 201min, 1min, ActivityState::idle, "daemon", ""));
    ASSERT_TRUE(store.flush().written);
    std::vector<Interval> all = store.intervals(kAlice, kEpoch, kFar);
    ASSERT_EQ(all.size(), 102u);
    EXPECT_EQ(all[1].source, "x11");
    EXPECT_EQ(all[3].detail, "zoom");
    EXPECT_EQ(all[101].source, "daemon");
  }
  EXPECT_EQ(count_rows(dir.db(), "sources"), 3);
  EXPECT_EQ(count_rows(dir.db(), "details"), 2);
  EXPECT_EQ(count_rows(dir.db(), "intervals"), 102);
}

// Each range case runs on queued intervals and again after they are written: both paths must
// agree.
class SqliteStoreRange : public ::testing::TestWithParam<bool> {
 protected:
  std::vector<Interval> query(const std::vector<Interval>& appended, core::WallTime from,
                              core::WallTime to) {
    for (const Interval& each : appended) store_.append(kAlice, each);
    if (GetParam()) {
      core::FlushOutcome outcome = store_.flush();
      EXPECT_TRUE(outcome.written) << outcome.error;
    }
    return store_.intervals(kAlice, from, to);
  }

  TempDir dir_;
  SqliteStore store_{dir_.db()};
};

TEST_P(SqliteStoreRange, FindsIntervalOverlappingTheStartButNotOnesTouchingTheEdges) {
  core::WallTime from = utc(2024, 6, 1, 12);
  core::WallTime to = from + 1h;
  Interval ends_at_from = interval(from - 1h, 1h);
  Interval overlaps_from = interval(from - 10min, 15min, ActivityState::idle);
  Interval starts_at_from = interval(from, 1min, ActivityState::locked);
  Interval overlaps_to = interval(to - 1ms, 1h);
  Interval starts_at_to = interval(to, 1min);
  EXPECT_EQ(
      query({ends_at_from, overlaps_from, starts_at_from, overlaps_to, starts_at_to}, from, to),
      (std::vector{overlaps_from, starts_at_from, overlaps_to}));
}

TEST_P(SqliteStoreRange, FindsLongIntervalThatStartedFarEarlier) {
  core::WallTime from = utc(2024, 6, 10, 12);
  std::vector<Interval> appended;
  Interval long_sleep = interval(utc(2024, 6, 1), 20 * 24h, ActivityState::asleep, "daemon");
  appended.push_back(long_sleep);
  // Many short intervals in between, so the sleep is far outside any naive window.
  for (int i = 0; i < 200; ++i) appended.push_back(interval(utc(2024, 5, 1) + i * 2min, 1min));
  appended.push_back(interval(from + 30min, 5min, ActivityState::active, "x11"));
  EXPECT_EQ(query(appended, from, from + 1h), (std::vector{long_sleep, appended.back()}));
}

TEST_P(SqliteStoreRange, OrdersByStartAndKeepsInsertionOrderForEqualStarts) {
  core::WallTime t = utc(2024, 6, 1, 12);
  // The wall clock was set back between the second and third interval.
  Interval a = interval(t, 10min);
  Interval b = interval(t + 10min, 10min, ActivityState::idle);
  Interval c = interval(t - 30min, 5min, ActivityState::locked);
  Interval d = interval(t, 0ms, ActivityState::unknown);
  EXPECT_EQ(query({a, b, c, d}, t - 1h, t + 1h), (std::vector{c, a, d, b}));
}

INSTANTIATE_TEST_SUITE_P(QueuedOrWritten, SqliteStoreRange, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? "Written" : "Queued";
                         });

TEST(SqliteStore, QueuedIntervalsMergeWithWrittenOnesInOrder) {
  TempDir dir;
  SqliteStore store(dir.db());
  core::WallTime t = utc(2024, 6, 1, 12);
  Interval first = interval(t, 10min);
  Interval third = interval(t + 20min, 10min);
  store.append(kAlice, first);
  store.append(kAlice, third);
  ASSERT_TRUE(store.flush().written);
  Interval second = interval(t + 10min, 10min, ActivityState::idle);  // after a clock jump
  store.append(kAlice, second);
  EXPECT_EQ(store.intervals(kAlice, t, t + 1h), (std::vector{first, second, third}));
}

TEST(SqliteStore, PurgeDeletesIntervalsThatEndedBeforeTheCutoff) {
  TempDir dir;
  core::WallTime cutoff = utc(2024, 1, 1);
  Interval old_written = interval(cutoff - 48h, 1h);
  Interval ends_at_cutoff = interval(cutoff - 1h, 1h);
  Interval spans_cutoff = interval(cutoff - 1h, 2h, ActivityState::asleep);
  Interval old_queued = interval(cutoff - 24h, 1h);
  Interval recent_queued = interval(cutoff + 24h, 1h);
  LastSeen last_seen{.wall = cutoff - 72h, .boot = {}, .boot_id = "b", .open = std::nullopt};
  core::BreakSnapshot breaks;
  breaks.eye.worked = 5min;
  breaks.taken_at = cutoff - 72h;
  {
    SqliteStore store(dir.db());
    store.append(kAlice, old_written);
    store.append(kAlice, ends_at_cutoff);
    store.append(kAlice, spans_cutoff);
    store.save_last_seen(kAlice, last_seen);
    store.save_break_snapshot(kAlice, breaks);
    ASSERT_TRUE(store.flush().written);
    store.append(kAlice, old_queued);
    store.append(kAlice, recent_queued);

    store.purge_before(kAlice, cutoff);
    EXPECT_EQ(store.pending(), 1u) << "the old queued interval is dropped with the rest";
    std::vector<Interval> expected{spans_cutoff, recent_queued};
    EXPECT_EQ(store.intervals(kAlice, kEpoch, kFar), expected) << "before the flush";
    ASSERT_TRUE(store.flush().written);
    EXPECT_EQ(store.intervals(kAlice, kEpoch, kFar), expected) << "after the flush";
  }
  EXPECT_EQ(count_rows(dir.db(), "intervals"), 2);
  SqliteStore store(dir.db());
  EXPECT_EQ(store.last_seen(kAlice), last_seen) << "the present is not history";
  EXPECT_EQ(store.break_snapshot(kAlice), breaks) << "the present is not history";
}

// Retention and `forget` act for one user; in a system daemon's file the others keep
// everything, written or still queued.
TEST(SqliteStore, PurgeIsPerUserAnotherUsersHistoryStays) {
  TempDir dir;
  core::WallTime cutoff = utc(2024, 1, 1);
  Interval old_written = interval(cutoff - 48h, 1h);
  Interval old_queued = interval(cutoff - 24h, 1h, ActivityState::idle);
  core::BreakEvent old_event{.at = cutoff - 47h,
                             .offset = 3600s,
                             .kind = core::ReminderKind::eye,
                             .type = core::BreakEventType::taken,
                             .amount = 20s,
                             .detail = ""};
  core::BreakEvent old_queued_event = old_event;
  old_queued_event.at = cutoff - 23h;
  {
    SqliteStore store(dir.db());
    for (core::UserId user : {kAlice, kBob}) {
      store.append(user, old_written);
      store.append_break_event(user, old_event);
    }
    ASSERT_TRUE(store.flush().written);
    for (core::UserId user : {kAlice, kBob}) {
      store.append(user, old_queued);
      store.append_break_event(user, old_queued_event);
    }

    store.purge_before(kAlice, cutoff);
    EXPECT_EQ(store.pending(), 2u) << "only Bob's queued interval and event are left";
    EXPECT_TRUE(store.intervals(kAlice, kEpoch, kFar).empty());
    EXPECT_TRUE(store.break_events(kAlice, kEpoch, kFar).empty());
    EXPECT_EQ(store.intervals(kBob, kEpoch, kFar), (std::vector{old_written, old_queued}))
        << "before the flush";
    EXPECT_EQ(store.break_events(kBob, kEpoch, kFar), (std::vector{old_event, old_queued_event}))
        << "before the flush";
    ASSERT_TRUE(store.flush().written);
  }
  SqliteStore store(dir.db());
  EXPECT_TRUE(store.intervals(kAlice, kEpoch, kFar).empty());
  EXPECT_TRUE(store.break_events(kAlice, kEpoch, kFar).empty());
  EXPECT_EQ(store.intervals(kBob, kEpoch, kFar), (std::vector{old_written, old_queued}))
      << "after the flush";
  EXPECT_EQ(store.break_events(kBob, kEpoch, kFar), (std::vector{old_event, old_queued_event}))
      << "after the flush";
  EXPECT_EQ(count_rows(dir.db(), "intervals"), 2);
  EXPECT_EQ(count_rows(dir.db(), "break_events"), 2);
}

TEST(SqliteStore, IntervalAppendedAfterAPurgeIsPurgedTooForThatUserOnly) {
  TempDir dir;
  core::WallTime cutoff = utc(2024, 1, 1);
  Interval late = interval(cutoff - 2h, 1h);  // late, and already past retention
  SqliteStore store(dir.db());
  store.purge_before(kAlice, cutoff);
  store.append(kAlice, late);
  store.append(kBob, late);
  EXPECT_TRUE(store.intervals(kAlice, kEpoch, kFar).empty()) << "queued";
  EXPECT_EQ(store.intervals(kBob, kEpoch, kFar), std::vector{late}) << "queued";
  ASSERT_TRUE(store.flush().written);
  EXPECT_TRUE(store.intervals(kAlice, kEpoch, kFar).empty()) << "written";
  EXPECT_EQ(store.intervals(kBob, kEpoch, kFar), std::vector{late}) << "written";
}

TEST(SqliteStore, PurgeAloneIsWrittenByFlush) {
  TempDir dir;
  {
    SqliteStore store(dir.db());
    store.append(kAlice, interval(utc(2020, 1, 1), 1h));
    ASSERT_TRUE(store.flush().written);
    store.purge_before(kAlice, utc(2021, 1, 1));
    EXPECT_EQ(store.pending(), 0u);
    ASSERT_TRUE(store.flush().written);
  }
  EXPECT_EQ(count_rows(dir.db(), "intervals"), 0);
}

TEST(SqliteStore, FlushWithNothingQueuedSucceeds) {
  TempDir dir;
  SqliteStore store(dir.db());
  core::FlushOutcome outcome = store.flush();
  EXPECT_TRUE(outcome.written);
  EXPECT_FALSE(outcome.retry_after.has_value());
  EXPECT_TRUE(outcome.error.empty());
}

namespace paging {

// A page of intervals is the same slice of what intervals() returns, whether it comes from the
// written rows, the queued ones or both, and when a queued one starts before the last written
// one (a clock set back), which the store answers the slow way.
TEST(SqliteStorePage, EachPageIsTheSameSliceAsTheWholeList) {
  for (const bool set_back : {false, true}) {
    SCOPED_TRACE(set_back ? "a queued interval before the last written one" : "in order");
    TempDir dir;
    SqliteStore store(dir.db());
    const core::WallTime day = utc(2026, 3, 2);
    for (int i = 0; i < 25; ++i) store.append(kAlice, interval(day + i * 10min, 5min));
    store.append(kBob, interval(day + 1h, 5min));
    ASSERT_TRUE(store.flush().written);
    for (int i = 25; i < 32; ++i) store.append(kAlice, interval(day + i * 10min, 5min));
    if (set_back) store.append(kAlice, interval(day + 15min, 1min));
    const auto all = store.intervals(kAlice, day, day + 24h);
    ASSERT_EQ(all.size(), set_back ? 33u : 32u);
    for (const std::int64_t limit : {1, 7, 25, 40}) {
      for (std::int64_t skip = 0; skip <= 34; skip += 3) {
        const auto page = store.interval_page(kAlice, day, day + 24h, skip, limit);
        EXPECT_EQ(page.total, static_cast<std::int64_t>(all.size()));
        const auto first = std::min<std::size_t>(static_cast<std::size_t>(skip), all.size());
        const auto last = std::min(all.size(), first + static_cast<std::size_t>(limit));
        ASSERT_EQ(page.intervals.size(), last - first) << skip << " " << limit;
        for (std::size_t i = 0; i < page.intervals.size(); ++i) {
          EXPECT_EQ(page.intervals[i].start, all[first + i].start) << skip << " " << limit;
        }
      }
    }
  }
}

}  // namespace paging

}  // namespace
}  // namespace screentime::adapters
