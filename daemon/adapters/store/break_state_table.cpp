#include "daemon/adapters/store/break_state_table.hpp"

#include <cstdint>

#include "daemon/adapters/store/statement_helpers.hpp"

namespace screentime::adapters {
namespace {

// Only break kinds have timers. Another number comes from a newer build that added a kind
// (the numbers are stable, so it needs no new schema): that timer is not ours to read.
std::optional<core::ReminderKind> break_kind_from_int(std::int64_t value) {
  for (core::ReminderKind kind : core::kBreakKinds) {
    if (static_cast<std::int64_t>(kind) == value) return kind;
  }
  return std::nullopt;
}

}  // namespace

BreakStateTable::BreakStateTable(SQLite::Database& db)
    : replace_state_(db,
                     "INSERT OR REPLACE INTO break_state (user_id, taken_at_ms, streak, "
                     "paused_until_ms) VALUES (?, ?, ?, ?)"),
      delete_timers_(db, "DELETE FROM break_timers WHERE user_id = ?"),
      insert_timer_(db,
                    "INSERT INTO break_timers (user_id, kind, worked_ms, snoozes, "
                    "snoozed_for_ms) VALUES (?, ?, ?, ?, ?)"),
      select_state_(db,
                    "SELECT taken_at_ms, streak, paused_until_ms FROM break_state "
                    "WHERE user_id = ?"),
      select_timers_(db,
                     "SELECT kind, worked_ms, snoozes, snoozed_for_ms FROM break_timers "
                     "WHERE user_id = ?") {}

void BreakStateTable::replace(core::UserId user, const core::BreakSnapshot& snapshot) {
  const auto user_id = static_cast<std::int64_t>(user);
  {
    ResetOnExit reset(replace_state_);
    SQLite::Statement& s = replace_state_;
    s.bind(1, user_id);
    s.bind(2, ms(snapshot.taken_at));
    s.bind(3, snapshot.streak);
    if (snapshot.paused_until) {
      s.bind(4, ms(*snapshot.paused_until));
    } else {
      s.bind(4);  // NULL: not paused
    }
    s.exec();
  }
  // Every timer row goes, also those of kinds this build does not know: they date from an
  // earlier snapshot, and a kind without a row starts from zero, which is what a snapshot
  // that does not know it means.
  {
    ResetOnExit reset(delete_timers_);
    delete_timers_.bind(1, user_id);
    delete_timers_.exec();
  }
  for (core::ReminderKind kind : core::kBreakKinds) {
    const core::BreakTimerSnapshot& timer = snapshot.timer(kind);
    ResetOnExit reset(insert_timer_);
    SQLite::Statement& s = insert_timer_;
    s.bind(1, user_id);
    s.bind(2, static_cast<std::int64_t>(kind));
    s.bind(3, static_cast<std::int64_t>(timer.worked.count()));
    s.bind(4, timer.snoozes);
    if (timer.snoozed_for) {
      s.bind(5, static_cast<std::int64_t>(timer.snoozed_for->count()));
    } else {
      s.bind(5);  // NULL: not snoozed
    }
    s.exec();
  }
}

std::optional<core::BreakSnapshot> BreakStateTable::read(core::UserId user) {
  const auto user_id = static_cast<std::int64_t>(user);
  core::BreakSnapshot result;
  {
    ResetOnExit reset(select_state_);
    SQLite::Statement& s = select_state_;
    s.bind(1, user_id);
    if (!s.executeStep()) return std::nullopt;
    result.taken_at = wall_from_ms(s.getColumn(0).getInt64());
    result.streak = s.getColumn(1).getInt();
    if (!s.getColumn(2).isNull()) result.paused_until = wall_from_ms(s.getColumn(2).getInt64());
  }
  // A break kind without a row (added after the snapshot was taken) keeps a zero timer.
  ResetOnExit reset(select_timers_);
  SQLite::Statement& s = select_timers_;
  s.bind(1, user_id);
  while (s.executeStep()) {
    const auto kind = break_kind_from_int(s.getColumn(0).getInt64());
    if (!kind) continue;
    core::BreakTimerSnapshot& timer = result.timer(*kind);
    timer.worked = core::Duration(s.getColumn(1).getInt64());
    timer.snoozes = s.getColumn(2).getInt();
    if (const auto snoozed_for = s.getColumn(3); !snoozed_for.isNull()) {
      timer.snoozed_for = core::Duration(snoozed_for.getInt64());
    }
  }
  return result;
}

}  // namespace screentime::adapters
