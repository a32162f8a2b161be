// Where the take-a-break timers stood: what goes in comes back out (queued, written,
// reopened), a newer one replaces the older, users are kept apart, timers of kinds this build
// does not know are left out, and files written by earlier schemas open without losing
// anything (version 2 gains the tables, version 3's one row per user becomes a row per kind).

#include <gtest/gtest.h>

#include "daemon/adapters/store/schema.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters {
namespace {

using namespace testing;
using core::BreakSnapshot;

constexpr core::UserId kAlice = 1000;
constexpr core::UserId kBob = 1001;

// Every field set, the optional ones both ways.
BreakSnapshot sample() {
  BreakSnapshot snapshot;
  snapshot.eye = {.worked = 12min + 345ms, .snoozes = 2, .snoozed_for = 3min};
  snapshot.movement = {.worked = 50min, .snoozes = 0, .snoozed_for = std::nullopt};
  snapshot.streak = 4;
  snapshot.paused_until = utc(2024, 3, 31, 14);
  snapshot.taken_at = utc(2024, 3, 31, 12, 30);
  return snapshot;
}

TEST(SqliteStoreBreakSnapshot, RoundTripQueuedWrittenAndReopened) {
  TempDir dir;
  const BreakSnapshot saved = sample();
  {
    SqliteStore store(dir.db());
    EXPECT_EQ(store.break_snapshot(kAlice), std::nullopt);
    store.save_break_snapshot(kAlice, saved);
    EXPECT_EQ(store.break_snapshot(kAlice), saved) << "queued";
    const core::FlushOutcome outcome = store.flush();
    ASSERT_TRUE(outcome.written) << outcome.error;
    EXPECT_EQ(store.break_snapshot(kAlice), saved) << "written";
  }
  EXPECT_EQ(SqliteStore(dir.db()).break_snapshot(kAlice), saved) << "reopened";
}

TEST(SqliteStoreBreakSnapshot, ANewerOneReplacesTheOlderPerUser) {
  TempDir dir;
  BreakSnapshot older = sample();
  BreakSnapshot newer;
  newer.eye.worked = 1min;
  newer.taken_at = older.taken_at + 5min;
  BreakSnapshot bobs = sample();
  bobs.streak = 1;
  {
    SqliteStore store(dir.db());
    store.save_break_snapshot(kAlice, older);
    store.save_break_snapshot(kBob, bobs);
    ASSERT_TRUE(store.flush().written);
    store.save_break_snapshot(kAlice, newer);
    EXPECT_EQ(store.break_snapshot(kAlice), newer) << "queued over written";
    ASSERT_TRUE(store.flush().written);
  }
  SqliteStore reopened(dir.db());
  EXPECT_EQ(reopened.break_snapshot(kAlice), newer);
  EXPECT_EQ(reopened.break_snapshot(kBob), bobs);
  EXPECT_EQ(count_rows(dir.db(), "break_state"), 2);
  EXPECT_EQ(count_rows(dir.db(), "break_timers"), 4) << "one per user and break kind";
}

// A kind of break added by a newer build (its number is stable, so it needs no new schema)
// is not misread as one of ours; a kind without a row starts from zero; and writing a
// snapshot replaces all of the user's timer rows, since it knows nothing newer of the rest.
TEST(SqliteStoreBreakSnapshot, TimersOfKindsThisBuildDoesNotKnowAreLeftOut) {
  TempDir dir;
  { SqliteStore store(dir.db()); }
  {
    SQLite::Database writer(dir.db().string(), SQLite::OPEN_READWRITE);
    writer.exec(
        "INSERT INTO break_state (user_id, taken_at_ms, streak, paused_until_ms) "
        "VALUES (1000, 1711888200000, 1, NULL);"
        "INSERT INTO break_timers VALUES (1000, 1, 600000, 1, 120000);"
        "INSERT INTO break_timers VALUES (1000, 2, 1, 1, NULL);"  // the goal is no break
        "INSERT INTO break_timers VALUES (1000, 7, 5, 5, 5);");
  }
  BreakSnapshot expected;
  expected.movement = {.worked = 10min, .snoozes = 1, .snoozed_for = 2min};
  expected.streak = 1;
  expected.taken_at = utc(2024, 3, 31, 12, 30);
  {
    SqliteStore store(dir.db());
    EXPECT_EQ(store.break_snapshot(kAlice), expected) << "eye has no row: zero";
    store.save_break_snapshot(kAlice, sample());
    ASSERT_TRUE(store.flush().written);
  }
  EXPECT_EQ(SqliteStore(dir.db()).break_snapshot(kAlice), sample());
  EXPECT_EQ(count_rows(dir.db(), "break_timers"), 2);
}

TEST(SqliteStoreBreakSnapshot, ASnapshotAloneIsWrittenByTheFlush) {
  TempDir dir;
  {
    SqliteStore store(dir.db());
    store.save_break_snapshot(kAlice, sample());
    EXPECT_EQ(store.pending(), 0u) << "pending() counts history, not this one row";
    ASSERT_TRUE(store.flush().written);
  }
  EXPECT_EQ(count_rows(dir.db(), "break_state"), 1);
}

// The schema of version 2 exactly as that release wrote it: a fixture, never to be edited.
constexpr const char* kReleasedVersion2 = R"sql(
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
INSERT INTO meta (key, value) VALUES ('longest_interval_ms', 3600000);
CREATE TABLE break_events (
  user_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, seq INTEGER NOT NULL,
  utc_offset_s INTEGER NOT NULL, kind INTEGER NOT NULL, type INTEGER NOT NULL,
  amount_ms INTEGER NOT NULL, detail_id INTEGER,
  PRIMARY KEY (user_id, at_ms, seq)) WITHOUT ROWID;
INSERT INTO sources (id, name) VALUES (1, 'logind');
INSERT INTO details (id, text) VALUES (1, ''), (2, 'dismissed');
INSERT INTO intervals VALUES (1000, 1704103200000, 0, 3600000, 3600, 0, 1, 1);
INSERT INTO last_seen VALUES (1000, 1704114000000, 42, 'boot', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO break_events VALUES (1000, 1704104400000, 0, 3600, 0, 6, 0, 2);
PRAGMA user_version = 2;
)sql";

TEST(SqliteStoreBreakSnapshot, AVersion2FileGainsTheTableAndKeepsItsData) {
  TempDir dir;
  {
    SQLite::Database writer(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer.exec(kReleasedVersion2);
  }
  ASSERT_EQ(user_version(dir.db()), 2);
  const core::WallTime t = utc(2024, 1, 1, 10);
  const std::vector<core::Interval> kept{
      interval(t, 1h, core::ActivityState::active, "logind", "", 3600s)};
  const core::BreakEvent skipped{.at = t + 20min,
                                 .offset = 3600s,
                                 .kind = core::ReminderKind::eye,
                                 .type = core::BreakEventType::skipped,
                                 .amount = 0ms,
                                 .detail = "dismissed"};
  {
    SqliteStore store(dir.db());
    EXPECT_EQ(user_version(dir.db()), current_schema_version());
    EXPECT_EQ(store.break_snapshot(kAlice), std::nullopt);
    store.save_break_snapshot(kAlice, sample());
    ASSERT_TRUE(store.flush().written);
  }
  SqliteStore reopened(dir.db());
  EXPECT_EQ(reopened.intervals(kAlice, core::WallTime{}, utc(2100, 1, 1)), kept);
  ASSERT_TRUE(reopened.last_seen(kAlice).has_value());
  EXPECT_EQ(reopened.last_seen(kAlice)->boot_id, "boot");
  EXPECT_EQ(reopened.break_events(kAlice, core::WallTime{}, utc(2100, 1, 1)), std::vector{skipped});
  EXPECT_EQ(reopened.break_snapshot(kAlice), sample());
}

// The schema of version 3 exactly as that release wrote it: a fixture, never to be edited.
// Alice's row has every optional value set, Bob's none.
constexpr const char* kReleasedVersion3 = R"sql(
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
INSERT INTO meta (key, value) VALUES ('longest_interval_ms', 3600000);
CREATE TABLE break_events (
  user_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, seq INTEGER NOT NULL,
  utc_offset_s INTEGER NOT NULL, kind INTEGER NOT NULL, type INTEGER NOT NULL,
  amount_ms INTEGER NOT NULL, detail_id INTEGER,
  PRIMARY KEY (user_id, at_ms, seq)) WITHOUT ROWID;
CREATE TABLE break_state (
  user_id INTEGER PRIMARY KEY, taken_at_ms INTEGER NOT NULL, eye_worked_ms INTEGER NOT NULL,
  eye_snoozes INTEGER NOT NULL, eye_snoozed_for_ms INTEGER,
  movement_worked_ms INTEGER NOT NULL, movement_snoozes INTEGER NOT NULL,
  movement_snoozed_for_ms INTEGER, streak INTEGER NOT NULL, paused_until_ms INTEGER);
INSERT INTO sources (id, name) VALUES (1, 'logind');
INSERT INTO details (id, text) VALUES (1, '');
INSERT INTO intervals VALUES (1000, 1704103200000, 0, 3600000, 3600, 0, 1, 1);
INSERT INTO break_state VALUES
  (1000, 1711888200000, 720345, 2, 180000, 3000000, 0, NULL, 4, 1711893600000),
  (1001, 1711888200000, 0, 0, NULL, 60000, 1, 300000, 0, NULL);
PRAGMA user_version = 3;
)sql";

TEST(SqliteStoreBreakSnapshot, AVersion3FileKeepsItsSnapshotsAsARowPerKind) {
  TempDir dir;
  {
    SQLite::Database writer(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer.exec(kReleasedVersion3);
  }
  ASSERT_EQ(user_version(dir.db()), 3);
  BreakSnapshot bobs;
  bobs.movement = {.worked = 1min, .snoozes = 1, .snoozed_for = 5min};
  bobs.taken_at = utc(2024, 3, 31, 12, 30);
  {
    SqliteStore store(dir.db());
    EXPECT_EQ(user_version(dir.db()), current_schema_version());
    EXPECT_EQ(store.break_snapshot(kAlice), sample());
    EXPECT_EQ(store.break_snapshot(kBob), bobs);
    EXPECT_EQ(store.intervals(kAlice, core::WallTime{}, utc(2100, 1, 1)).size(), 1u);
  }
  EXPECT_EQ(count_rows(dir.db(), "break_state"), 2);
  EXPECT_EQ(count_rows(dir.db(), "break_timers"), 4);
  SQLite::Database reader(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(reader.execAndGet("SELECT count(*) FROM pragma_table_info('break_state')").getInt(), 4)
      << "user_id, taken_at_ms, streak, paused_until_ms: the per-kind columns are gone";
}

}  // namespace
}  // namespace screentime::adapters
