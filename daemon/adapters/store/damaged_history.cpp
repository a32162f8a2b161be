#include "daemon/adapters/store/damaged_history.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <limits>
#include <vector>

namespace screentime::adapters {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kRowsPerCopy = 256;

// "20261205T011502Z"
std::string stamp(std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// What quick_check says, or the error that stopped it; "" when the file is intact.
std::string problem_of(const fs::path& path) {
  try {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement check(db, "PRAGMA quick_check");
    std::string first;
    while (check.executeStep()) {
      const std::string line = check.getColumn(0).getString();
      if (line == "ok") return {};
      if (first.empty()) first = line;
    }
    return first.empty() ? std::string("quick_check gave no answer") : first;
  } catch (const SQLite::Exception& error) {
    const int code = error.getErrorCode() & 0xff;
    // Only damage moves a file aside: a lock, a permission or a full disk is not damage.
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return error.what();
    return {};
  }
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::vector<std::string> tables_of(SQLite::Database& db, const std::string& schema) {
  std::vector<std::string> names;
  SQLite::Statement query(db, "SELECT name FROM " + schema +
                                  ".sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                  "'sqlite_%' ORDER BY name");
  while (query.executeStep()) names.push_back(query.getColumn(0).getString());
  return names;
}

std::string columns_of(SQLite::Database& db, const std::string& table) {
  std::string columns;
  SQLite::Statement query(db, "SELECT name FROM pragma_table_info(?)");
  query.bind(1, table);
  while (query.executeStep()) {
    if (!columns.empty()) columns += ", ";
    columns += quoted(query.getColumn(0).getString());
  }
  return columns;
}

}  // namespace

std::optional<HistoryRescue> move_aside_if_damaged(const fs::path& path,
                                                   std::chrono::system_clock::time_point now) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  std::string problem = problem_of(path);
  if (problem.empty()) return std::nullopt;
  HistoryRescue rescue;
  rescue.problem = std::move(problem);
  rescue.moved_to = path.string() + ".damaged-" + stamp(now);
  fs::rename(path, rescue.moved_to);  // throws: then the daemon cannot go on with this file
  for (const char* side : {"-wal", "-shm"}) {
    const fs::path file = path.string() + side;
    if (fs::exists(file, error)) fs::rename(file, rescue.moved_to.string() + side, error);
  }
  return rescue;
}

std::string describe(const HistoryRescue& rescue) {
  std::string text = "damaged (" + rescue.problem + "): moved aside to \"" +
                     rescue.moved_to.string() + "\"; " + std::to_string(rescue.rows_salvaged) +
                     " rows salvaged into a new file";
  if (rescue.tables_damaged > 0) {
    text += ", some rows of " + std::to_string(rescue.tables_damaged) + " table(s) lost";
  }
  return text;
}

namespace {

// Runs `sql` (an INSERT … SELECT from the damaged file) with `bind` setting its parameters;
// the rows it copied, or nullopt when what it read is damaged.
template <typename Bind>
std::optional<int> copy_rows(SQLite::Database& db, const std::string& sql, Bind bind) {
  try {
    SQLite::Statement statement(db, sql);
    bind(statement);
    return statement.exec();
  } catch (const SQLite::Exception&) {
    return std::nullopt;
  }
}

// The primary key's columns of a damaged table, in key order.
std::vector<std::string> key_of(SQLite::Database& db, const std::string& table) {
  std::vector<std::string> key;
  SQLite::Statement query(db,
                          "SELECT name FROM pragma_table_info(?, 'damaged') WHERE pk > 0 "
                          "ORDER BY pk");
  query.bind(1, table);
  while (query.executeStep()) key.push_back(query.getColumn(0).getString());
  return key;
}

// A rowid table, a few hundred rows at a time in rowid order: a damaged page costs its rows.
bool copy_by_rowid(SQLite::Database& db, const std::string& table, const std::string& columns,
                   HistoryRescue& rescue) {
  std::int64_t last = 0;
  try {
    last = db.execAndGet("SELECT coalesce(max(rowid), 0) FROM damaged." + quoted(table)).getInt64();
  } catch (const SQLite::Exception&) {
    return false;  // not even its last row can be found: nothing to walk
  }
  const std::string sql = "INSERT OR REPLACE INTO main." + quoted(table) + " (" + columns +
                          ") SELECT " + columns + " FROM damaged." + quoted(table) +
                          " WHERE rowid BETWEEN ? AND ?";
  bool whole = true;
  for (std::int64_t first = 1; first <= last; first += kRowsPerCopy) {
    const auto copied = copy_rows(db, sql, [&](SQLite::Statement& statement) {
      statement.bind(1, first);
      statement.bind(2, first + kRowsPerCopy - 1);
    });
    whole = whole && copied.has_value();
    rescue.rows_salvaged += copied.value_or(0);
  }
  return whole;
}

// A table clustered on (user_id, a time in ms, …), as intervals and break events are: a day at
// a time for each user, so each query seeks to its range, and a day with damage in it halved
// down to minutes, so a damaged page costs little more than the rows it held. Where the damage
// hides the users or the ends of the range, every user the new file knows and the years up to `now`
// are walked instead.
bool copy_by_day(SQLite::Database& db, const std::string& table, const std::string& columns,
                 const std::string& time, std::int64_t now_ms, HistoryRescue& rescue) {
  const std::string from = " FROM damaged." + quoted(table);
  // The users: one seek each to the next user id, then those with a checkpoint.
  std::vector<std::int64_t> users;
  try {
    SQLite::Statement next(db,
                           "SELECT user_id" + from + " WHERE user_id > ? ORDER BY user_id LIMIT 1");
    for (std::int64_t after = std::numeric_limits<std::int64_t>::min();;) {
      next.reset();
      next.bind(1, after);
      if (!next.executeStep()) break;
      after = next.getColumn(0).getInt64();
      users.push_back(after);
    }
  } catch (const SQLite::Exception&) {
  }
  try {
    SQLite::Statement checkpointed(db, "SELECT user_id FROM damaged.last_seen");
    while (checkpointed.executeStep()) {
      const std::int64_t user = checkpointed.getColumn(0).getInt64();
      if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
    }
  } catch (const SQLite::Exception&) {
  }
  constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
  constexpr std::int64_t kMinuteMs = 60 * 1000;
  const std::string sql = "INSERT OR REPLACE INTO main." + quoted(table) + " (" + columns +
                          ") SELECT " + columns + from + " WHERE user_id = ? AND " + quoted(time) +
                          " >= ? AND " + quoted(time) + " < ?";
  bool whole = true;
  for (const std::int64_t user : users) {
    std::int64_t low = now_ms - 20 * 366 * kDayMs, high = now_ms + kDayMs;
    try {
      SQLite::Statement ends(db, "SELECT min(" + quoted(time) + "), max(" + quoted(time) + ")" +
                                     from + " WHERE user_id = ?");
      ends.bind(1, user);
      if (ends.executeStep() && !ends.getColumn(0).isNull()) {
        low = ends.getColumn(0).getInt64();
        high = ends.getColumn(1).getInt64() + 1;
      }
    } catch (const SQLite::Exception&) {
      whole = false;  // the ends are damaged: walk the widest range
    }
    // A day that cannot be read whole is halved until the damaged part is a minute wide.
    std::function<void(std::int64_t, std::int64_t)> copy_window = [&](std::int64_t begin,
                                                                      std::int64_t end) {
      const auto copied = copy_rows(db, sql, [&](SQLite::Statement& statement) {
        statement.bind(1, user);
        statement.bind(2, begin);
        statement.bind(3, end);
      });
      if (copied) {
        rescue.rows_salvaged += *copied;
        return;
      }
      whole = false;
      if (end - begin <= kMinuteMs) return;
      const std::int64_t middle = begin + (end - begin) / 2;
      copy_window(begin, middle);
      copy_window(middle, end);
    };
    for (std::int64_t day = low; day < high; day += kDayMs) {
      copy_window(day, std::min(day + kDayMs, high));
    }
  }
  return whole && !users.empty();
}

}  // namespace

void salvage_history(SQLite::Database& db, HistoryRescue& rescue) {
  try {
    db.exec("ATTACH DATABASE " + quoted(rescue.moved_to.string()) + " AS damaged");
  } catch (const SQLite::Exception&) {
    return;  // nothing of it can be opened
  }
  std::vector<std::string> tables;
  try {
    tables = tables_of(db, "damaged");
  } catch (const SQLite::Exception&) {
    tables.clear();  // its schema page is gone: nothing can be found in it
  }
  const auto ours = tables_of(db, "main");
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  for (const std::string& table : tables) {
    if (std::find(ours.begin(), ours.end(), table) == ours.end()) continue;
    const std::string columns = columns_of(db, table);
    // Whole, when nothing of it is damaged.
    const auto all = copy_rows(db,
                               "INSERT OR REPLACE INTO main." + quoted(table) + " (" + columns +
                                   ") SELECT " + columns + " FROM damaged." + quoted(table),
                               [](SQLite::Statement&) {});
    if (all) {
      rescue.rows_salvaged += *all;
      continue;
    }
    std::vector<std::string> key;
    try {
      key = key_of(db, table);
    } catch (const SQLite::Exception&) {
      key.clear();
    }
    bool whole = false;
    if (key.size() >= 2 && key[0] == "user_id") {
      whole = copy_by_day(db, table, columns, key[1], now_ms, rescue);
    } else {
      whole = copy_by_rowid(db, table, columns, rescue);
    }
    if (!whole) ++rescue.tables_damaged;
  }
  try {
    db.exec("DETACH DATABASE damaged");
  } catch (const SQLite::Exception&) {
  }
}

}  // namespace screentime::adapters
