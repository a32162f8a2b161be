// Take-a-break events: what goes in comes back out (queued or written), in order and per
// user; nothing is lost while the disk refuses; retention removes them; and a file written by
// the schema before them gains their table without losing anything.

#include <gtest/gtest.h>

#include <vector>

#include "daemon/adapters/store/schema.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters {
namespace {

using namespace testing;
using core::BreakEvent;
using core::BreakEventType;
using core::ReminderKind;

constexpr core::UserId kAlice = 1000;
constexpr core::UserId kBob = 1001;
const core::WallTime kEpoch{};
const core::WallTime kFar = utc(2100, 1, 1);

BreakEvent event(core::WallTime at, BreakEventType type, ReminderKind kind = ReminderKind::eye,
                 core::Duration amount = 0ms, std::string detail = "",
                 core::UtcOffset offset = 7200s) {
  return {.at = at,
          .offset = offset,
          .kind = kind,
          .type = type,
          .amount = amount,
          .detail = std::move(detail)};
}

// One of each stored type, with every field exercised.
std::vector<BreakEvent> sample_day() {
  core::WallTime day = utc(2024, 3, 31);
  return {
      event(day + 9h + 1ms, BreakEventType::due),
      event(day + 9h + 2ms, BreakEventType::shown),
      event(day + 9h + 25s, BreakEventType::taken, ReminderKind::eye, 21'500ms),
      event(day + 10h, BreakEventType::snoozed, ReminderKind::movement, 5min, "", 3600s),
      event(day + 10h + 6min, BreakEventType::skipped, ReminderKind::movement, 0ms, "dismissed"),
      event(day + 11h, BreakEventType::natural, ReminderKind::eye, 3min),
      event(day + 12h, BreakEventType::cut_short, ReminderKind::movement, 90s, "came back"),
      event(day + 15h, BreakEventType::goal_warned, ReminderKind::goal, 3h + 12min, "", -12'600s),
      event(day + 16h, BreakEventType::goal_reached, ReminderKind::goal, 4h),
  };
}

TEST(SqliteStoreBreakEvents, RoundTripQueuedWrittenAndReopened) {
  TempDir dir;
  std::vector<BreakEvent> day = sample_day();
  {
    SqliteStore store(dir.db());
    for (const BreakEvent& each : day) store.append_break_event(kAlice, each);
    EXPECT_EQ(store.pending(), day.size());
    EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), day) << "queued";
    core::FlushOutcome outcome = store.flush();
    ASSERT_TRUE(outcome.written) << outcome.error;
    EXPECT_EQ(store.pending(), 0u);
    EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), day) << "written";
  }
  EXPECT_EQ(SqliteStore(dir.db()).break_events(kAlice, kEpoch, kFar), day) << "reopened";
  EXPECT_EQ(count_rows(dir.db(), "break_events"), static_cast<std::int64_t>(day.size()));
  SQLite::Database reader(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(
      reader.execAndGet("SELECT count(*) FROM break_events WHERE detail_id IS NULL").getInt64(), 7)
      << "an empty detail is stored as NULL";
}

TEST(SqliteStoreBreakEvents, EventsThatOnlyExplainTheSchedulerAreNotStored) {
  TempDir dir;
  SqliteStore store(dir.db());
  core::WallTime t = utc(2024, 5, 1, 9);
  for (BreakEventType type :
       {BreakEventType::coming_up, BreakEventType::updated, BreakEventType::held_back,
        BreakEventType::withdrawn, BreakEventType::reset, BreakEventType::closed}) {
    store.append_break_event(kAlice, event(t, type, ReminderKind::eye, 0ms, "presenting"));
  }
  EXPECT_EQ(store.pending(), 0u);
  EXPECT_TRUE(store.break_events(kAlice, kEpoch, kFar).empty());
  ASSERT_TRUE(store.flush().written);
  EXPECT_EQ(count_rows(dir.db(), "break_events"), 0);
}

TEST(SqliteStoreBreakEvents, OrderedByTimeThenInsertionAndBoundedHalfOpen) {
  TempDir dir;
  SqliteStore store(dir.db());
  core::WallTime t = utc(2024, 6, 1, 12);
  BreakEvent a = event(t, BreakEventType::due);
  BreakEvent b = event(t + 20min, BreakEventType::shown);
  BreakEvent c = event(t, BreakEventType::shown);  // same time: after a, as appended
  store.append_break_event(kAlice, a);
  store.append_break_event(kAlice, b);
  ASSERT_TRUE(store.flush().written);
  store.append_break_event(kAlice, c);
  BreakEvent d = event(t + 10min, BreakEventType::taken);  // queued, after a clock jump back
  store.append_break_event(kAlice, d);
  EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), (std::vector{a, c, d, b})) << "queued";
  ASSERT_TRUE(store.flush().written);
  EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), (std::vector{a, c, d, b})) << "written";
  EXPECT_EQ(store.break_events(kAlice, t, t + 20min), (std::vector{a, c, d})) << "[from, to)";
  EXPECT_EQ(store.break_events(kAlice, t + 1ms, kFar), (std::vector{d, b}));
}

TEST(SqliteStoreBreakEvents, UsersAreKeptApart) {
  TempDir dir;
  SqliteStore store(dir.db());
  BreakEvent alices = event(utc(2024, 5, 1, 9), BreakEventType::taken, ReminderKind::eye, 20s);
  BreakEvent bobs = event(utc(2024, 5, 1, 9), BreakEventType::skipped);
  store.append_break_event(kAlice, alices);
  store.append_break_event(kBob, bobs);
  EXPECT_EQ(store.break_events(kBob, kEpoch, kFar), std::vector{bobs}) << "queued";
  ASSERT_TRUE(store.flush().written);
  EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), std::vector{alices});
  EXPECT_EQ(store.break_events(kBob, kEpoch, kFar), std::vector{bobs});
}

TEST(SqliteStoreBreakEvents, QueuedWhileLockedAreWrittenOnceReleased) {
  TempDir dir;
  std::vector<BreakEvent> day = sample_day();
  SqliteStore store(dir.db());
  for (const BreakEvent& each : day) store.append_break_event(kAlice, each);

  SQLite::Database other(dir.db().string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");
  core::FlushOutcome refused = store.flush();
  EXPECT_FALSE(refused.written);
  EXPECT_NE(refused.error.find("locked"), std::string::npos) << refused.error;
  EXPECT_EQ(store.pending(), day.size());
  EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), day);

  other.exec("COMMIT");
  core::FlushOutcome outcome = store.flush();
  EXPECT_TRUE(outcome.written) << outcome.error;
  EXPECT_EQ(SqliteStore(dir.db()).break_events(kAlice, kEpoch, kFar), day);
}

TEST(SqliteStoreBreakEvents, QueuedWhileDiskIsFullKeepTheirDetailsOnceThereIsRoom) {
  TempDir dir;
  { SqliteStore create(dir.db()); }
  SqliteStore store(dir.db(), {.max_page_count = 1});  // no room beyond the schema
  std::vector<BreakEvent> queued;
  for (int i = 0; i < 300; ++i) {
    // Distinct details: each one is interned, so the failed transaction interns and loses them.
    queued.push_back(event(utc(2024, 1, 1) + i * 1min, BreakEventType::skipped, ReminderKind::eye,
                           0ms, "reason " + std::to_string(i)));
  }
  for (const BreakEvent& each : queued) store.append_break_event(kAlice, each);
  EXPECT_FALSE(store.flush().written);
  EXPECT_EQ(store.pending(), queued.size());

  store.set_max_page_count(std::nullopt);
  core::FlushOutcome outcome = store.flush();
  EXPECT_TRUE(outcome.written) << outcome.error;
  EXPECT_EQ(SqliteStore(dir.db()).break_events(kAlice, kEpoch, kFar), queued);
}

TEST(SqliteStoreBreakEvents, PurgeDeletesEventsBeforeTheCutoff) {
  TempDir dir;
  core::WallTime cutoff = utc(2024, 1, 1);
  BreakEvent old_written = event(cutoff - 1ms, BreakEventType::taken);
  BreakEvent at_cutoff = event(cutoff, BreakEventType::shown);
  BreakEvent old_queued = event(cutoff - 24h, BreakEventType::due);
  BreakEvent recent_queued = event(cutoff + 24h, BreakEventType::snoozed);
  {
    SqliteStore store(dir.db());
    store.append_break_event(kAlice, old_written);
    store.append_break_event(kBob, at_cutoff);
    ASSERT_TRUE(store.flush().written);
    store.append_break_event(kAlice, old_queued);
    store.append_break_event(kAlice, recent_queued);

    store.purge_before(kAlice, cutoff);
    EXPECT_EQ(store.pending(), 1u) << "the old queued event is dropped";
    EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), std::vector{recent_queued});
    ASSERT_TRUE(store.flush().written);
    EXPECT_EQ(store.break_events(kAlice, kEpoch, kFar), std::vector{recent_queued});
    EXPECT_EQ(store.break_events(kBob, kEpoch, kFar), std::vector{at_cutoff});
  }
  EXPECT_EQ(count_rows(dir.db(), "break_events"), 2);
}

// The schema of version 1 exactly as that release wrote it: a fixture, never to be edited.
constexpr const char* kReleasedVersion1 = R"sql(
CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE details (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE intervals (
  user_id INTEGER NOT NULL, start_ms INTEGER NOT NULL, seq INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL, utc_offset_s INTEGER NOT NULL, state INTEGER NOT NULL,
  source_id INTEGER NOT NULL, detail_id INTEGER NOT NULL,
  PRIMARY KEY (user_id, start_ms, seq)) WITHOUT ROWID;
CREATE TABLE last_seen (
  user_id INTEGER PRIMARY KEY, wall_ms INTEGER NOT NULL, boot_ms INTEGER NOT NULL,
  boot_id TEXT NOT NULL, open_state INTEGER, open_start_ms INTEGER, open_duration_ms INTEGER,
  open_utc_offset_s INTEGER, open_source TEXT, open_detail TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('longest_interval_ms', 7200000);
INSERT INTO sources (id, name) VALUES (1, 'logind');
INSERT INTO details (id, text) VALUES (1, ''), (2, 'Firefox');
INSERT INTO intervals VALUES (1000, 1704103200000, 0, 3600000, 3600, 0, 1, 2);
INSERT INTO intervals VALUES (1000, 1704106800000, 0, 7200000, 3600, 1, 1, 1);
INSERT INTO last_seen VALUES (1000, 1704114000000, 42, 'boot', NULL, NULL, NULL, NULL, NULL, NULL);
PRAGMA user_version = 1;
)sql";

TEST(SqliteStoreBreakEvents, AVersion1FileGainsTheTableAndKeepsItsData) {
  TempDir dir;
  {
    SQLite::Database writer(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer.exec(kReleasedVersion1);
  }
  ASSERT_EQ(user_version(dir.db()), 1);
  core::WallTime t = utc(2024, 1, 1, 10);
  std::vector<core::Interval> kept{
      interval(t, 1h, core::ActivityState::active, "logind", "Firefox", 3600s),
      interval(t + 1h, 2h, core::ActivityState::idle, "logind", "", 3600s)};
  BreakEvent taken = event(t + 30min, BreakEventType::taken, ReminderKind::eye, 20s, "Firefox");
  {
    SqliteStore store(dir.db());
    EXPECT_EQ(store.intervals(kAlice, kEpoch, kFar), kept);
    ASSERT_TRUE(store.last_seen(kAlice).has_value());
    EXPECT_EQ(store.last_seen(kAlice)->boot_id, "boot");
    EXPECT_TRUE(store.break_events(kAlice, kEpoch, kFar).empty());
    store.append_break_event(kAlice, taken);
    ASSERT_TRUE(store.flush().written);
  }
  EXPECT_EQ(user_version(dir.db()), current_schema_version());
  SqliteStore reopened(dir.db());
  EXPECT_EQ(reopened.intervals(kAlice, kEpoch, kFar), kept);
  EXPECT_EQ(reopened.break_events(kAlice, kEpoch, kFar), std::vector{taken});
  EXPECT_EQ(count_rows(dir.db(), "details"), 2) << "the event's detail reuses the interned one";
}

}  // namespace
}  // namespace screentime::adapters
