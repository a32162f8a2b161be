#include "daemon/adapters/store/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <utility>

#include "daemon/adapters/store/damaged_history.hpp"
#include "daemon/adapters/store/history_path.hpp"
#include "daemon/adapters/store/history_tables.hpp"
#include "daemon/adapters/store/limit_records_table.hpp"
#include "daemon/adapters/store/schema.hpp"
#include "daemon/adapters/store/store_error.hpp"

namespace screentime::adapters {
namespace {

// Once the WAL passes this many pages (of 4 KiB) it is copied back into the database, and a
// larger -wal left by a big flush is cut back to kJournalSizeLimitBytes. SQLite's default of
// 1000 pages would let the -wal reach 4 MiB, several years of history; a daemon flush adds about
// 4 pages, so this still checkpoints only every dozen flushes or so.
constexpr int kWalAutocheckpointPages = 64;
constexpr int kJournalSizeLimitBytes = 256 * 1024;

void apply_max_page_count(SQLite::Database& db, std::optional<std::int64_t> pages) {
  // 1073741823 is SQLite's default limit, so "none" restores the normal behaviour.
  db.exec("PRAGMA max_page_count = " + std::to_string(pages.value_or(1073741823)));
}

// Errors a new connection may cure: the file was read-only, vanished, or its disk failed.
// SQLite keeps a connection read-only once it opened the file so, even after a chmod.
bool needs_reopen(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:  // reopening checks the file, and moves a damaged one aside
      return true;
    default:
      return false;
  }
}

bool overlaps(const core::Interval& interval, core::WallTime from, core::WallTime to) {
  return interval.start < to && interval.end() > from;
}

}  // namespace

// One open connection with its prepared statements. Members are destroyed in reverse order,
// so the statements are finalized before the database closes.
struct SqliteStore::Connection {
  Connection(const std::filesystem::path& path, const SqliteStoreOptions& options)
      : db(open(path, options, rescue)), tables(db), limit_records(db) {}

  // `rescue` says what was done when the file was found damaged (see damaged_history.hpp).
  static SQLite::Database open(const std::filesystem::path& path, const SqliteStoreOptions& options,
                               std::optional<HistoryRescue>& rescue) {
    if (options.read_only) return open_read_only(path);
    rescue = move_aside_if_damaged(path, std::chrono::system_clock::now());
    create_private_file(path);
    align_side_file_modes(path);
    // NOMUTEX: one thread uses the connection, so SQLite's per-call locking is pure cost.
    SQLite::Database db(path.string(),
                        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        static_cast<int>(options.busy_timeout.count()));
    // WAL: readers (screentimectl, reports) never block the daemon's writes, and a commit
    // appends to one file instead of rewriting pages twice. Persistent in the file, so on a
    // read-only file that is already in WAL mode this changes nothing.
    db.exec("PRAGMA journal_mode = WAL");
    // FULL syncs the WAL at every commit, so a flush() that reports `written` survives a power
    // cut. It costs one fsync per flush, and the daemon flushes a few times an hour.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(kWalAutocheckpointPages));
    db.exec("PRAGMA journal_size_limit = " + std::to_string(kJournalSizeLimitBytes));
    migrate(db, path);
    if (rescue) salvage_history(db, *rescue);
    // After migrating: SQLite never lowers the limit below the pages in use, so a cap meant
    // to make the next write fail would otherwise stop the schema being created.
    if (options.max_page_count) apply_max_page_count(db, options.max_page_count);
    return db;
  }

  // Without a -wal file everything is in the database file, so `immutable` reads it with no
  // lock and no side file at all. A -wal left by a daemon that did not stop cleanly holds
  // committed rows that only a WAL reader sees: then a plain read-only open, which may add
  // the -shm index beside it but never writes the database or its -wal.
  static SQLite::Database open_read_only(const std::filesystem::path& path) {
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(path, ignored)) {
      throw StoreError(path, "no such file");
    }
    const bool wal_left = std::filesystem::exists(path.string() + "-wal", ignored);
    SQLite::Database db(file_uri(path) + (wal_left ? "?mode=ro" : "?immutable=1"),
                        SQLite::OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX);
    check_current(db, path);
    return db;
  }

  // A path as an SQLite file: URI, with the characters URIs reserve escaped.
  static std::string file_uri(const std::filesystem::path& path) {
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(path).string()) {
      if (c == '?' || c == '#' || c == '%') {
        static constexpr char kHex[] = "0123456789ABCDEF";
        const auto byte = static_cast<unsigned char>(c);
        uri += '%';
        uri += kHex[byte >> 4];
        uri += kHex[byte & 0xf];
      } else {
        uri += c;
      }
    }
    return uri;
  }

  std::optional<HistoryRescue> rescue;  // before db: open() fills it in
  SQLite::Database db;
  HistoryTables tables;
  LimitRecordsTable limit_records;
};

SqliteStore::SqliteStore(std::filesystem::path path, SqliteStoreOptions options)
    : path_(std::move(path)), options_(options) {
  connection();
}

SqliteStore::~SqliteStore() = default;

SqliteStore::Connection& SqliteStore::connection() {
  if (!connection_) {
    try {
      connection_ = std::make_unique<Connection>(path_, options_);
      if (connection_->rescue) damage_ = describe(*connection_->rescue);
    } catch (const SQLite::Exception& error) {
      throw StoreError(path_, error.what());
    }
  }
  return *connection_;
}

void SqliteStore::append(core::UserId user, const core::Interval& interval) {
  queued_intervals_.push_back({user, interval});
}

void SqliteStore::save_last_seen(core::UserId user, const core::LastSeen& last_seen) {
  queued_last_seen_.insert_or_assign(user, last_seen);
}

void SqliteStore::append_break_event(core::UserId user, const core::BreakEvent& event) {
  if (core::is_stored(event.type)) queued_break_events_.push_back({user, event});
}

void SqliteStore::save_break_snapshot(core::UserId user, const core::BreakSnapshot& snapshot) {
  queued_break_snapshots_.insert_or_assign(user, snapshot);
}

core::FlushOutcome SqliteStore::flush() noexcept {
  if (pending() == 0 && queued_last_seen_.empty() && queued_break_snapshots_.empty() &&
      queued_purges_.empty()) {
    return {};
  }
  core::FlushOutcome failed{.written = false, .retry_after = std::nullopt, .error = {}};
  if (options_.read_only) {
    failed.error = path_.string() + ": opened read-only";
    return failed;
  }
  try {
    if (reopen_before_write_) {
      connection_.reset();
      reopen_before_write_ = false;
    }
    write_queue(connection());
    queued_intervals_.clear();
    queued_break_events_.clear();
    queued_last_seen_.clear();
    queued_break_snapshots_.clear();
    queued_purges_.clear();
    backoff_.after_success();
    return {};
  } catch (const SQLite::Exception& error) {
    reopen_before_write_ = needs_reopen(error.getExtendedErrorCode());
    failed.error = path_.string() + ": " + error.what();
  } catch (const StoreError& error) {  // could not (re)open: try again from scratch next time
    reopen_before_write_ = true;
    failed.error = error.what();
  } catch (const std::exception& error) {  // std::bad_alloc and the like; the queue is intact
    failed.error = path_.string() + ": " + error.what();
  } catch (...) {
    failed.error = path_.string() + ": unknown error";
  }
  failed.retry_after = backoff_.after_failure();
  return failed;
}

void SqliteStore::write_queue(Connection& connection) {
  try {
    // IMMEDIATE takes the write lock up front: a busy database fails here, before any work.
    SQLite::Transaction transaction(connection.db, SQLite::TransactionBehavior::IMMEDIATE);
    core::Duration longest{0};
    for (const QueuedInterval& queued : queued_intervals_) {
      connection.tables.insert_interval(queued.user, queued.interval);
      longest = std::max(longest, queued.interval.duration);
    }
    if (longest > core::Duration{0}) connection.tables.raise_longest(longest);
    for (const QueuedBreakEvent& queued : queued_break_events_) {
      connection.tables.insert_break_event(queued.user, queued.event);
    }
    for (const auto& [user, last_seen] : queued_last_seen_) {
      connection.tables.replace_last_seen(user, last_seen);
    }
    for (const auto& [user, snapshot] : queued_break_snapshots_) {
      connection.tables.replace_break_snapshot(user, snapshot);
    }
    for (const auto& [user, cutoff] : queued_purges_) {
      connection.tables.delete_ended_before(user, cutoff);
      connection.tables.delete_break_events_before(user, cutoff);
      connection.limit_records.delete_before(user, cutoff);
    }
    transaction.commit();
  } catch (...) {
    // The rollback took back any source or detail interned in this transaction.
    connection.tables.forget_interned();
    throw;
  }
}

std::optional<core::LastSeen> SqliteStore::last_seen(core::UserId user) {
  if (auto queued = queued_last_seen_.find(user); queued != queued_last_seen_.end()) {
    return queued->second;
  }
  try {
    return connection().tables.last_seen(user);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

std::optional<core::BreakSnapshot> SqliteStore::break_snapshot(core::UserId user) {
  if (auto queued = queued_break_snapshots_.find(user); queued != queued_break_snapshots_.end()) {
    return queued->second;
  }
  try {
    return connection().tables.break_snapshot(user);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

std::vector<core::Interval> SqliteStore::intervals(core::UserId user, core::WallTime from,
                                                   core::WallTime to) {
  // Intervals a queued purge will delete (the next flush deletes after inserting, so queued
  // ones too) are already gone as far as anyone asking can tell.
  const core::WallTime visible = visible_from(user, from);
  if (visible >= to) return {};
  std::vector<core::Interval> result;
  try {
    result = connection().tables.intervals(user, visible, to);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
  std::size_t stored_count = result.size();
  for (const QueuedInterval& queued : queued_intervals_) {
    if (queued.user == user && overlaps(queued.interval, visible, to)) {
      result.push_back(queued.interval);
    }
  }
  // Queued intervals are newer than stored ones but a wall-clock jump can start them earlier;
  // a stable sort keeps insertion order among equal starts.
  if (result.size() > stored_count) {
    std::stable_sort(
        result.begin(), result.end(),
        [](const core::Interval& a, const core::Interval& b) { return a.start < b.start; });
  }
  return result;
}

std::vector<core::BreakEvent> SqliteStore::break_events(core::UserId user, core::WallTime from,
                                                        core::WallTime to) {
  // As intervals(): what a queued purge will delete is gone already.
  const core::WallTime visible = visible_from(user, from);
  if (visible >= to) return {};
  std::vector<core::BreakEvent> result;
  try {
    result = connection().tables.break_events(user, visible, to);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
  std::size_t stored_count = result.size();
  for (const QueuedBreakEvent& queued : queued_break_events_) {
    if (queued.user == user && queued.event.at >= visible && queued.event.at < to) {
      result.push_back(queued.event);
    }
  }
  if (result.size() > stored_count) {
    std::stable_sort(
        result.begin(), result.end(),
        [](const core::BreakEvent& a, const core::BreakEvent& b) { return a.at < b.at; });
  }
  return result;
}

core::WallTime SqliteStore::visible_from(core::UserId user, core::WallTime from) const {
  const auto purge = queued_purges_.find(user);
  return purge == queued_purges_.end() ? from : std::max(from, purge->second);
}

void SqliteStore::purge_before(core::UserId user, core::WallTime cutoff) {
  std::erase_if(queued_intervals_, [user, cutoff](const QueuedInterval& queued) {
    return queued.user == user && queued.interval.end() <= cutoff;
  });
  std::erase_if(queued_break_events_, [user, cutoff](const QueuedBreakEvent& queued) {
    return queued.user == user && queued.event.at < cutoff;
  });
  auto [queued, inserted] = queued_purges_.try_emplace(user, cutoff);
  if (!inserted) queued->second = std::max(queued->second, cutoff);
}

void SqliteStore::set_max_page_count(std::optional<std::int64_t> pages) {
  options_.max_page_count = pages;
  if (!connection_) return;
  try {
    apply_max_page_count(connection_->db, pages);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

template <typename Write>
auto SqliteStore::write_now(Write write) {
  if (options_.read_only) throw StoreError(path_, "opened read-only");
  try {
    Connection& open = connection();
    SQLite::Transaction transaction(open.db, SQLite::TransactionBehavior::IMMEDIATE);
    auto result = write(open.limit_records);
    transaction.commit();
    return result;
  } catch (const SQLite::Exception& error) {
    reopen_before_write_ = needs_reopen(error.getExtendedErrorCode());
    throw StoreError(path_, error.what());
  }
}

void SqliteStore::add_grant(core::UserId user, const core::LimitGrant& grant) {
  write_now([&](LimitRecordsTable& table) {
    table.insert_grant(user, grant);
    return true;
  });
}

std::vector<core::LimitGrant> SqliteStore::grants(core::UserId user, core::WallTime from,
                                                  core::WallTime to) {
  try {
    return connection().limit_records.grants(user, visible_from(user, from), to);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

std::int64_t SqliteStore::add_request(const core::LimitRequest& request) {
  return write_now([&](LimitRecordsTable& table) { return table.insert_request(request); });
}

bool SqliteStore::answer_request(std::int64_t id, core::RequestState state, core::WallTime at,
                                 core::UserId by, core::Duration granted) {
  return write_now(
      [&](LimitRecordsTable& table) { return table.answer(id, state, at, by, granted); });
}

std::optional<core::LimitRequest> SqliteStore::request(std::int64_t id) {
  try {
    return connection().limit_records.request(id);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

std::vector<core::LimitRequest> SqliteStore::requests(std::optional<core::UserId> user,
                                                      core::WallTime since) {
  try {
    return connection().limit_records.requests(user, since);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

void SqliteStore::add_event(core::UserId user, const core::LimitEvent& event) {
  write_now([&](LimitRecordsTable& table) {
    table.insert_event(user, event);
    return true;
  });
}

std::vector<core::LimitEvent> SqliteStore::events(core::UserId user, core::WallTime from,
                                                  core::WallTime to) {
  try {
    return connection().limit_records.events(user, visible_from(user, from), to);
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
}

}  // namespace screentime::adapters
