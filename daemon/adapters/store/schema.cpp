#include "daemon/adapters/store/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

#include "daemon/adapters/store/store_error.hpp"

namespace screentime::adapters {
namespace {

// Version 1. Sources and details are interned because the same few strings repeat on every
// row; intervals keep only small integers, so a year stays well under 2 MiB. The intervals
// table is clustered on (user_id, start_ms): a range query reads neighbouring rows of one
// b-tree, with no second index to store or look up through. `seq` tells apart intervals with
// the same start (possible after the wall clock is set back) and keeps their insertion order.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE sources (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE details (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
CREATE TABLE intervals (
  user_id      INTEGER NOT NULL,
  start_ms     INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  duration_ms  INTEGER NOT NULL,
  utc_offset_s INTEGER NOT NULL,
  state        INTEGER NOT NULL,
  source_id    INTEGER NOT NULL,
  detail_id    INTEGER NOT NULL,
  PRIMARY KEY (user_id, start_ms, seq)
) WITHOUT ROWID;
CREATE TABLE last_seen (
  user_id           INTEGER PRIMARY KEY,
  wall_ms           INTEGER NOT NULL,
  boot_ms           INTEGER NOT NULL,
  boot_id           TEXT NOT NULL,
  open_state        INTEGER,
  open_start_ms     INTEGER,
  open_duration_ms  INTEGER,
  open_utc_offset_s INTEGER,
  open_source       TEXT,
  open_detail       TEXT
);
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('longest_interval_ms', 0);
)sql";

// Version 2: take-a-break events, a few dozen a day, for statistics ("12 of 14 eye breaks
// taken"). Clustered like intervals, so a day's events are one range scan. Kind and type are
// core's enum values, which never change. Most events have no detail: NULL costs one byte
// where an interned empty string would cost an id.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE break_events (
  user_id      INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  utc_offset_s INTEGER NOT NULL,
  kind         INTEGER NOT NULL,
  type         INTEGER NOT NULL,
  amount_ms    INTEGER NOT NULL,
  detail_id    INTEGER,
  PRIMARY KEY (user_id, at_ms, seq)
) WITHOUT ROWID;
)sql";

// Version 3: where the take-a-break timers stood, one row per user replaced at every
// checkpoint, so that a daemon restart goes on from there (like last_seen). A NULL
// *_snoozed_for_ms: not snoozed; a NULL paused_until_ms: not paused.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE break_state (
  user_id                 INTEGER PRIMARY KEY,
  taken_at_ms             INTEGER NOT NULL,
  eye_worked_ms           INTEGER NOT NULL,
  eye_snoozes             INTEGER NOT NULL,
  eye_snoozed_for_ms      INTEGER,
  movement_worked_ms      INTEGER NOT NULL,
  movement_snoozes        INTEGER NOT NULL,
  movement_snoozed_for_ms INTEGER,
  streak                  INTEGER NOT NULL,
  paused_until_ms         INTEGER
);
)sql";

// Version 4: break timers as one row per user and kind, so that a new kind of break needs no
// new columns (kind is core's ReminderKind value, which never changes: 0 eye, 1 movement).
// break_state keeps what is not per kind. It is rebuilt and renamed, as SQLite's documentation
// prescribes, rather than shrunk with DROP COLUMN, which only SQLite 3.35 and later know; the
// rows are copied either way.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE break_timers (
  user_id        INTEGER NOT NULL,
  kind           INTEGER NOT NULL,
  worked_ms      INTEGER NOT NULL,
  snoozes        INTEGER NOT NULL,
  snoozed_for_ms INTEGER,
  PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;
INSERT INTO break_timers (user_id, kind, worked_ms, snoozes, snoozed_for_ms)
  SELECT user_id, 0, eye_worked_ms, eye_snoozes, eye_snoozed_for_ms FROM break_state;
INSERT INTO break_timers (user_id, kind, worked_ms, snoozes, snoozed_for_ms)
  SELECT user_id, 1, movement_worked_ms, movement_snoozes, movement_snoozed_for_ms
  FROM break_state;
CREATE TABLE break_state_v4 (
  user_id         INTEGER PRIMARY KEY,
  taken_at_ms     INTEGER NOT NULL,
  streak          INTEGER NOT NULL,
  paused_until_ms INTEGER
);
INSERT INTO break_state_v4 (user_id, taken_at_ms, streak, paused_until_ms)
  SELECT user_id, taken_at_ms, streak, paused_until_ms FROM break_state;
DROP TABLE break_state;
ALTER TABLE break_state_v4 RENAME TO break_state;
)sql";

// Version 5: the system role's grants of extra time (kept so that a restart keeps them),
// requests for more time with their answers, and what the limits did (time up, actions), for
// the parents' report; a few a day at most.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE limit_grants (
  user_id      INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  utc_offset_s INTEGER NOT NULL,
  extra_ms     INTEGER NOT NULL,
  by_uid       INTEGER NOT NULL,
  request_id   INTEGER
);
CREATE INDEX limit_grants_by_user ON limit_grants (user_id, at_ms);
CREATE TABLE limit_requests (
  id             INTEGER PRIMARY KEY,
  user_id        INTEGER NOT NULL,
  asked_at_ms    INTEGER NOT NULL,
  utc_offset_s   INTEGER NOT NULL,
  extra_ms       INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  state          INTEGER NOT NULL,
  answered_at_ms INTEGER,
  answered_by    INTEGER,
  granted_ms     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX limit_requests_by_user ON limit_requests (user_id, asked_at_ms);
CREATE TABLE limit_events (
  user_id      INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  utc_offset_s INTEGER NOT NULL,
  kind         INTEGER NOT NULL,
  action       INTEGER NOT NULL,
  reason       INTEGER NOT NULL
);
CREATE INDEX limit_events_by_user ON limit_events (user_id, at_ms);
)sql";

// Step i takes the schema from version i to i + 1. Steps are never edited once released: a
// change of schema is one more entry at the end.
constexpr std::array kMigrations = {kVersion1, kVersion2, kVersion3, kVersion4, kVersion5};

int read_user_version(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

void check_not_newer(int version, const std::filesystem::path& path) {
  if (version > current_schema_version()) {
    throw SchemaTooNewError(path, "schema version " + std::to_string(version) +
                                      " is newer than this screentime knows (" +
                                      std::to_string(current_schema_version()) +
                                      "); refusing to touch it, upgrade screentime");
  }
}

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(SQLite::Database& db, const std::filesystem::path& path) {
  int version = read_user_version(db);
  check_not_newer(version, path);
  if (version == current_schema_version()) return;

  // IMMEDIATE takes the write lock first, so two processes starting at once cannot both
  // migrate: the second sees the version the first wrote.
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  version = read_user_version(db);
  check_not_newer(version, path);
  for (int step = version; step < current_schema_version(); ++step) {
    db.exec(kMigrations[static_cast<std::size_t>(step)]);
  }
  db.exec("PRAGMA user_version = " + std::to_string(current_schema_version()));
  transaction.commit();
}

void check_current(SQLite::Database& db, const std::filesystem::path& path) {
  const int version = read_user_version(db);
  check_not_newer(version, path);
  if (version < current_schema_version()) {
    throw StoreError(path, "schema version " + std::to_string(version) + " is older than " +
                               std::to_string(current_schema_version()) +
                               "; start screentimed once to bring it up to date");
  }
}

}  // namespace screentime::adapters
