#pragma once
// BreakStateTable: the SQL of where each user's take-a-break timers stood, a `break_state` row
// per user and a `break_timers` row per user and break kind. Like HistoryTables it opens no
// transactions and handles no errors. Loop thread only.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>

#include "daemon/core/breaks.hpp"
#include "daemon/core/interval.hpp"

namespace screentime::adapters {

class BreakStateTable {
 public:
  // `db` must already have the current schema and must outlive this object.
  explicit BreakStateTable(SQLite::Database& db);

  // Replaces the user's row and all their timer rows.
  void replace(core::UserId user, const core::BreakSnapshot& snapshot);
  std::optional<core::BreakSnapshot> read(core::UserId user);

 private:
  SQLite::Statement replace_state_;
  SQLite::Statement delete_timers_;
  SQLite::Statement insert_timer_;
  SQLite::Statement select_state_;
  SQLite::Statement select_timers_;
};

}  // namespace screentime::adapters
