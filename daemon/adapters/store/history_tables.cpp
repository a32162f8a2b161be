#include "daemon/adapters/store/history_tables.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

#include "daemon/adapters/store/statement_helpers.hpp"

namespace screentime::adapters {
namespace {

using core::Duration;
using core::WallTime;

// A state number this build does not know (only a damaged file can hold one: newer schemas
// are refused) reads as unknown rather than as an invalid enum value.
core::ActivityState state_from_int(std::int64_t value) {
  if (value < 0 || value >= static_cast<std::int64_t>(core::kActivityStateCount)) {
    return core::ActivityState::unknown;
  }
  return static_cast<core::ActivityState>(value);
}

// A year is 22,000 rows: the vector gets room for one interval per 5 minutes of the range (a
// day has about 60), so it is not regrown and copied on the way. In repeated year reports that
// took the page faults from about 1,300 to 70 a report and the time from 9.6 to 6.5 ms. Room
// never written costs no memory; a range long enough to reach the cap grows as usual.
constexpr std::int64_t kReserveEveryMs = 5 * 60 * 1000;
constexpr std::int64_t kMaxReserved = 1 << 16;

void check(SQLite::Database& db, int result) {
  if (result != SQLITE_OK) throw SQLite::Exception(db.getHandle(), result);
}

sqlite3_stmt* prepare_persistent(SQLite::Database& db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  check(db, sqlite3_prepare_v3(db.getHandle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &statement,
                               nullptr));
  return statement;
}

// Kinds and types this build does not know come from a newer build that added them (the
// numbers are stable, so it needs no new schema); such events cannot be shown here, so they
// are skipped rather than misread.
std::optional<core::ReminderKind> kind_from_int(std::int64_t value) {
  for (core::ReminderKind kind : core::kAllReminderKinds) {
    if (static_cast<std::int64_t>(kind) == value) return kind;
  }
  return std::nullopt;
}

std::optional<core::BreakEventType> stored_type_from_int(std::int64_t value) {
  if (value < 0 || value > 255) return std::nullopt;
  const auto type = static_cast<core::BreakEventType>(value);
  if (!core::is_stored(type) || core::parse_break_event_type(core::to_string(type)) != type) {
    return std::nullopt;
  }
  return type;
}

std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
  std::int64_t result = 0;
  if (__builtin_sub_overflow(a, b, &result)) return std::numeric_limits<std::int64_t>::min();
  return result;
}

}  // namespace

HistoryTables::HistoryTables(SQLite::Database& db)
    : db_(db),
      sources_{SQLite::Statement(db, "SELECT id FROM sources WHERE name = ?"),
               SQLite::Statement(db, "INSERT INTO sources (name) VALUES (?)"),
               SQLite::Statement(db, "SELECT name FROM sources WHERE id = ?"),
               {},
               {}},
      details_{SQLite::Statement(db, "SELECT id FROM details WHERE text = ?"),
               SQLite::Statement(db, "INSERT INTO details (text) VALUES (?)"),
               SQLite::Statement(db, "SELECT text FROM details WHERE id = ?"),
               {},
               {}},
      insert_interval_(db,
                       "INSERT INTO intervals (user_id, start_ms, seq, duration_ms, "
                       "utc_offset_s, state, source_id, detail_id) VALUES (?1, ?2, "
                       "(SELECT coalesce(max(seq) + 1, 0) FROM intervals "
                       "WHERE user_id = ?1 AND start_ms = ?2), ?3, ?4, ?5, ?6, ?7)"),
      replace_last_seen_(db,
                         "INSERT OR REPLACE INTO last_seen (user_id, wall_ms, boot_ms, boot_id, "
                         "open_state, open_start_ms, open_duration_ms, open_utc_offset_s, "
                         "open_source, open_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      // Only when the value grows, so an ordinary flush does not dirty the meta page.
      raise_longest_(db,
                     "UPDATE meta SET value = ?1 WHERE key = 'longest_interval_ms' AND value < ?1"),
      read_longest_(db, "SELECT value FROM meta WHERE key = 'longest_interval_ms'"),
      // An interval that ended by the cutoff started by it, so the bound on start_ms makes
      // this a range scan of the primary key from the user's oldest row to the cutoff: the
      // rows it deletes, and those starting less than meta.longest_interval_ms before the
      // cutoff that span it. Without the bound it read all the user's rows, and without the
      // user every user's.
      delete_ended_(db,
                    "DELETE FROM intervals WHERE user_id = ?1 AND start_ms <= ?2 "
                    "AND start_ms + duration_ms <= ?2"),
      select_last_seen_(db,
                        "SELECT wall_ms, boot_ms, boot_id, open_state, open_start_ms, "
                        "open_duration_ms, open_utc_offset_s, open_source, open_detail "
                        "FROM last_seen WHERE user_id = ?"),
      insert_break_event_(db,
                          "INSERT INTO break_events (user_id, at_ms, seq, utc_offset_s, kind, "
                          "type, amount_ms, detail_id) VALUES (?1, ?2, "
                          "(SELECT coalesce(max(seq) + 1, 0) FROM break_events "
                          "WHERE user_id = ?1 AND at_ms = ?2), ?3, ?4, ?5, ?6, ?7)"),
      delete_break_events_(db, "DELETE FROM break_events WHERE user_id = ? AND at_ms < ?"),
      select_break_events_(db,
                           "SELECT at_ms, utc_offset_s, kind, type, amount_ms, detail_id "
                           "FROM break_events WHERE user_id = ? AND at_ms >= ? AND at_ms < ? "
                           "ORDER BY at_ms, seq"),
      break_state_(db),
      // The lower bound on start_ms keeps this a range scan of the primary key: no stored
      // interval is longer than `longest`, so none starting earlier can reach `from`. Names
      // come from the interners' caches rather than a join: a third of the time of a year's
      // report went into the two lookups per row.
      select_intervals_(prepare_persistent(db,
                                           "SELECT start_ms, duration_ms, utc_offset_s, state, "
                                           "source_id, detail_id FROM intervals "
                                           "WHERE user_id = ?1 AND start_ms >= ?2 "
                                           "AND start_ms < ?3 AND start_ms + duration_ms > ?4 "
                                           "ORDER BY start_ms, seq LIMIT ?5 OFFSET ?6")),
      count_intervals_(db,
                       "SELECT count(*) FROM intervals WHERE user_id = ?1 AND start_ms >= ?2 "
                       "AND start_ms < ?3 AND start_ms + duration_ms > ?4") {}

void HistoryTables::Finalize::operator()(sqlite3_stmt* statement) const {
  sqlite3_finalize(statement);
}

std::int64_t HistoryTables::intern(Interner& interner, const std::string& value) {
  if (auto cached = interner.ids.find(value); cached != interner.ids.end()) return cached->second;
  std::optional<std::int64_t> id;
  {
    ResetOnExit reset(interner.find);
    interner.find.bind(1, value);
    if (interner.find.executeStep()) id = interner.find.getColumn(0).getInt64();
  }
  if (!id) {
    ResetOnExit reset(interner.insert);
    interner.insert.bind(1, value);
    interner.insert.exec();
    id = db_.getLastInsertRowid();
  }
  interner.ids.emplace(value, *id);
  interner.names.emplace(*id, value);
  return *id;
}

const std::string& HistoryTables::name_of(Interner& interner, std::int64_t id) {
  if (auto cached = interner.names.find(id); cached != interner.names.end()) return cached->second;
  std::string name;
  {
    ResetOnExit reset(interner.name);
    interner.name.bind(1, id);
    // A missing row can only come from a damaged file; an empty name loses nothing more.
    if (interner.name.executeStep()) name = interner.name.getColumn(0).getString();
  }
  return interner.names.emplace(id, std::move(name)).first->second;
}

void HistoryTables::insert_interval(core::UserId user, const core::Interval& interval) {
  std::int64_t source_id = intern(sources_, interval.source);
  std::int64_t detail_id = intern(details_, interval.detail);
  ResetOnExit reset(insert_interval_);
  insert_interval_.bind(1, static_cast<std::int64_t>(user));
  insert_interval_.bind(2, ms(interval.start));
  insert_interval_.bind(3, static_cast<std::int64_t>(interval.duration.count()));
  insert_interval_.bind(4, static_cast<std::int64_t>(interval.utc_offset.count()));
  insert_interval_.bind(5, static_cast<std::int64_t>(interval.state));
  insert_interval_.bind(6, source_id);
  insert_interval_.bind(7, detail_id);
  insert_interval_.exec();
}

void HistoryTables::replace_last_seen(core::UserId user, const core::LastSeen& last_seen) {
  ResetOnExit reset(replace_last_seen_);
  SQLite::Statement& s = replace_last_seen_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(last_seen.wall));
  s.bind(3, static_cast<std::int64_t>(last_seen.boot.time_since_epoch().count()));
  s.bind(4, last_seen.boot_id);
  if (const std::optional<core::Interval>& open = last_seen.open) {
    s.bind(5, static_cast<std::int64_t>(open->state));
    s.bind(6, ms(open->start));
    s.bind(7, static_cast<std::int64_t>(open->duration.count()));
    s.bind(8, static_cast<std::int64_t>(open->utc_offset.count()));
    s.bind(9, open->source);
    s.bind(10, open->detail);
  } else {
    for (int column = 5; column <= 10; ++column) s.bind(column);  // NULL: no open interval
  }
  s.exec();
}

void HistoryTables::raise_longest(Duration duration) {
  ResetOnExit reset(raise_longest_);
  raise_longest_.bind(1, static_cast<std::int64_t>(duration.count()));
  raise_longest_.exec();
}

void HistoryTables::delete_ended_before(core::UserId user, WallTime cutoff) {
  ResetOnExit reset(delete_ended_);
  delete_ended_.bind(1, static_cast<std::int64_t>(user));
  delete_ended_.bind(2, ms(cutoff));
  delete_ended_.exec();
}

void HistoryTables::insert_break_event(core::UserId user, const core::BreakEvent& event) {
  std::optional<std::int64_t> detail_id;
  if (!event.detail.empty()) detail_id = intern(details_, event.detail);
  ResetOnExit reset(insert_break_event_);
  SQLite::Statement& s = insert_break_event_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(event.at));
  s.bind(3, static_cast<std::int64_t>(event.offset.count()));
  s.bind(4, static_cast<std::int64_t>(event.kind));
  s.bind(5, static_cast<std::int64_t>(event.type));
  s.bind(6, static_cast<std::int64_t>(event.amount.count()));
  if (detail_id) {
    s.bind(7, *detail_id);
  } else {
    s.bind(7);  // NULL: no detail
  }
  s.exec();
}

void HistoryTables::delete_break_events_before(core::UserId user, WallTime cutoff) {
  ResetOnExit reset(delete_break_events_);
  delete_break_events_.bind(1, static_cast<std::int64_t>(user));
  delete_break_events_.bind(2, ms(cutoff));
  delete_break_events_.exec();
}

std::vector<core::BreakEvent> HistoryTables::break_events(core::UserId user, WallTime from,
                                                          WallTime to) {
  ResetOnExit reset(select_break_events_);
  SQLite::Statement& s = select_break_events_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(from));
  s.bind(3, ms(to));
  std::vector<core::BreakEvent> result;
  while (s.executeStep()) {
    const auto kind = kind_from_int(s.getColumn(2).getInt64());
    const auto type = stored_type_from_int(s.getColumn(3).getInt64());
    if (!kind || !type) continue;
    core::BreakEvent& event = result.emplace_back();
    event.at = wall_from_ms(s.getColumn(0).getInt64());
    event.offset = core::UtcOffset(s.getColumn(1).getInt64());
    event.kind = *kind;
    event.type = *type;
    event.amount = Duration(s.getColumn(4).getInt64());
    if (!s.getColumn(5).isNull()) event.detail = name_of(details_, s.getColumn(5).getInt64());
  }
  return result;
}

std::optional<core::LastSeen> HistoryTables::last_seen(core::UserId user) {
  ResetOnExit reset(select_last_seen_);
  SQLite::Statement& s = select_last_seen_;
  s.bind(1, static_cast<std::int64_t>(user));
  if (!s.executeStep()) return std::nullopt;
  core::LastSeen result;
  result.wall = wall_from_ms(s.getColumn(0).getInt64());
  result.boot = core::BootTime(Duration(s.getColumn(1).getInt64()));
  result.boot_id = s.getColumn(2).getString();
  if (!s.getColumn(3).isNull()) {
    core::Interval open;
    open.state = state_from_int(s.getColumn(3).getInt64());
    open.start = wall_from_ms(s.getColumn(4).getInt64());
    open.duration = Duration(s.getColumn(5).getInt64());
    open.utc_offset = core::UtcOffset(s.getColumn(6).getInt64());
    open.source = s.getColumn(7).getString();
    open.detail = s.getColumn(8).getString();
    result.open = std::move(open);
  }
  return result;
}

std::int64_t HistoryTables::earliest_start_ms(WallTime from) {
  std::int64_t longest = 0;
  ResetOnExit reset(read_longest_);
  if (read_longest_.executeStep()) longest = read_longest_.getColumn(0).getInt64();
  return saturating_sub(ms(from), longest);
}

std::int64_t HistoryTables::count_intervals(core::UserId user, WallTime from, WallTime to) {
  const std::int64_t earliest = earliest_start_ms(from);
  ResetOnExit reset(count_intervals_);
  count_intervals_.bind(1, static_cast<std::int64_t>(user));
  count_intervals_.bind(2, earliest);
  count_intervals_.bind(3, ms(to));
  count_intervals_.bind(4, ms(from));
  return count_intervals_.executeStep() ? count_intervals_.getColumn(0).getInt64() : 0;
}

std::vector<core::Interval> HistoryTables::intervals(core::UserId user, WallTime from, WallTime to,
                                                     std::int64_t skip, std::int64_t limit) {
  const std::int64_t earliest = earliest_start_ms(from);
  // The C API here, because SQLiteCpp's Column copies a shared_ptr on every access: six
  // columns of 22,000 rows cost a tenth of a year's report.
  sqlite3_stmt* s = select_intervals_.get();
  struct ResetRaw {
    sqlite3_stmt* statement;
    ~ResetRaw() { sqlite3_reset(statement); }
  } reset{s};
  sqlite3_reset(s);
  check(db_, sqlite3_bind_int64(s, 1, static_cast<std::int64_t>(user)));
  check(db_, sqlite3_bind_int64(s, 2, earliest));
  check(db_, sqlite3_bind_int64(s, 3, ms(to)));
  check(db_, sqlite3_bind_int64(s, 4, ms(from)));
  check(db_, sqlite3_bind_int64(s, 5, limit));
  check(db_, sqlite3_bind_int64(s, 6, skip));

  std::vector<core::Interval> result;
  std::int64_t range_ms = saturating_sub(ms(to), ms(from));
  std::int64_t expected = std::clamp<std::int64_t>(range_ms / kReserveEveryMs, 0, kMaxReserved);
  if (limit >= 0) expected = std::min(expected, limit);
  result.reserve(static_cast<std::size_t>(expected));
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(s)) == SQLITE_ROW) {
    core::Interval& interval = result.emplace_back();
    interval.start = wall_from_ms(sqlite3_column_int64(s, 0));
    interval.duration = Duration(sqlite3_column_int64(s, 1));
    interval.utc_offset = core::UtcOffset(sqlite3_column_int64(s, 2));
    interval.state = state_from_int(sqlite3_column_int64(s, 3));
    interval.source = name_of(sources_, sqlite3_column_int64(s, 4));
    interval.detail = name_of(details_, sqlite3_column_int64(s, 5));
  }
  if (step != SQLITE_DONE) throw SQLite::Exception(db_.getHandle(), step);
  return result;
}

void HistoryTables::forget_interned() {
  for (Interner* interner : {&sources_, &details_}) {
    interner->ids.clear();
    interner->names.clear();
  }
}

}  // namespace screentime::adapters
