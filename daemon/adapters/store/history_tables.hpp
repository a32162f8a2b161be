#pragma once
// The SQL of the history database: reads and writes rows of one open connection (the break
// timers' rows through BreakStateTable). It opens no transactions and handles no errors
// (SQLite::Exception passes through); SqliteStore does both. Loop thread only, like the store
// that owns it.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/adapters/store/break_state_table.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/interval.hpp"

struct sqlite3_stmt;

namespace screentime::adapters {

class HistoryTables {
 public:
  // `db` must already have the current schema and must outlive this object.
  explicit HistoryTables(SQLite::Database& db);

  void insert_interval(core::UserId user, const core::Interval& interval);
  void replace_last_seen(core::UserId user, const core::LastSeen& last_seen);
  void replace_break_snapshot(core::UserId user, const core::BreakSnapshot& snapshot) {
    break_state_.replace(user, snapshot);
  }
  // Keeps meta.longest_interval_ms at least `duration`; range queries rely on it.
  void raise_longest(core::Duration duration);
  // Deletes the intervals of `user` that ended at or before `cutoff`.
  void delete_ended_before(core::UserId user, core::WallTime cutoff);
  void insert_break_event(core::UserId user, const core::BreakEvent& event);
  // Deletes the break events of `user` before `cutoff`.
  void delete_break_events_before(core::UserId user, core::WallTime cutoff);

  std::optional<core::LastSeen> last_seen(core::UserId user);
  std::optional<core::BreakSnapshot> break_snapshot(core::UserId user) {
    return break_state_.read(user);
  }
  // Stored intervals of `user` overlapping [from, to), ordered by start, then by insertion;
  // from the `skip`th on, at most `limit` of them (-1: all).
  std::vector<core::Interval> intervals(core::UserId user, core::WallTime from, core::WallTime to,
                                        std::int64_t skip = 0, std::int64_t limit = -1);
  // How many intervals() returns with no skip and no limit, counted in the index.
  std::int64_t count_intervals(core::UserId user, core::WallTime from, core::WallTime to);
  // Stored break events of `user` with `from <= at < to`, ordered by time, then by insertion.
  std::vector<core::BreakEvent> break_events(core::UserId user, core::WallTime from,
                                             core::WallTime to);

  // After a rollback: ids interned inside it are gone from the file, so forget them here too.
  void forget_interned();

 private:
  // One interned string table (sources or details), cached both ways: the rows of a table
  // never change once committed, and there are few of them.
  struct Interner {
    SQLite::Statement find;
    SQLite::Statement insert;
    SQLite::Statement name;
    std::unordered_map<std::string, std::int64_t> ids;
    std::unordered_map<std::int64_t, std::string> names;
  };

  std::int64_t intern(Interner& interner, const std::string& value);
  static const std::string& name_of(Interner& interner, std::int64_t id);

  SQLite::Database& db_;
  Interner sources_;
  Interner details_;
  SQLite::Statement insert_interval_;
  SQLite::Statement replace_last_seen_;
  SQLite::Statement raise_longest_;
  SQLite::Statement read_longest_;
  SQLite::Statement delete_ended_;
  SQLite::Statement select_last_seen_;
  SQLite::Statement insert_break_event_;
  SQLite::Statement delete_break_events_;
  SQLite::Statement select_break_events_;
  BreakStateTable break_state_;
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const;
  };
  // On SQLite's C API, unlike the rest: see intervals().
  std::unique_ptr<sqlite3_stmt, Finalize> select_intervals_;
  SQLite::Statement count_intervals_;
  // The earliest start an interval overlapping [from, ...) can have: the longest one stored
  // before `from`.
  std::int64_t earliest_start_ms(core::WallTime from);
};

}  // namespace screentime::adapters
