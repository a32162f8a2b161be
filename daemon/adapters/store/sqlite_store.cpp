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
#include "daemon/adapters/store/store_connection.hpp"
#include "daemon/adapters/store/store_error.hpp"

namespace screentime::adapters {
namespace {

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

// Errors opening the file for writing that the file's owner can cure while the daemon runs
// (permissions, a read-only or full file system, another process's lock): meanwhile the
// history is read as it is and the writes wait in memory.
bool may_wait_for_writing(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_FULL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return true;
    default:
      return false;
  }
}

bool is_damage(int sqlite_code) {
  return (sqlite_code & 0xff) == SQLITE_CORRUPT || (sqlite_code & 0xff) == SQLITE_NOTADB;
}

bool overlaps(const core::Interval& interval, core::WallTime from, core::WallTime to) {
  return interval.start < to && interval.end() > from;
}

}  // namespace

SqliteStore::SqliteStore(std::filesystem::path path, SqliteStoreOptions options)
    : path_(std::move(path)), options_(options) {
  connection();
}

SqliteStore::~SqliteStore() = default;

StoreConnection& SqliteStore::connection() {
  if (connection_) return *connection_;
  try {
    if (options_.read_only) {
      connection_ = StoreConnection::for_reading(path_);
    } else {
      connection_ = StoreConnection::for_writing(path_, options_);
      write_blocked_.clear();
      if (connection_->rescue()) damage_ = describe(*connection_->rescue());
    }
  } catch (const SQLite::Exception& error) {
    if (options_.read_only || !may_wait_for_writing(error.getErrorCode())) {
      throw StoreError(path_, error.what());
    }
    read_until_writable(error.what());
  }
  return *connection_;
}

void SqliteStore::read_until_writable(const std::string& why) {
  write_blocked_ = why;
  reopen_before_write_ = true;
  try {
    connection_ = StoreConnection::for_reading(path_);
  } catch (const std::exception&) {  // missing, unreadable, or another schema version
    connection_ = StoreConnection::empty();
  }
}

template <typename Read>
auto SqliteStore::read(Read query) {
  try {
    return query(connection());
  } catch (const SQLite::Exception& error) {
    if (!is_damage(error.getErrorCode()) || options_.read_only) {
      if (needs_reopen(error.getErrorCode())) reopen_before_write_ = true;
      throw StoreError(path_, error.what());
    }
  }
  // Damage met on a read: open again now, which checks the file, moves it aside and salvages
  // what reads; then answer from the new file.
  connection_.reset();
  try {
    return query(connection());
  } catch (const SQLite::Exception& error) {
    throw StoreError(path_, error.what());
  }
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
    StoreConnection& open = connection();
    if (!open.writable()) {
      failed.error = path_.string() + ": " + write_blocked_;
      failed.retry_after = backoff_.after_failure();
      return failed;
    }
    write_queue(open);
    queued_intervals_.clear();
    queued_break_events_.clear();
    queued_last_seen_.clear();
    queued_break_snapshots_.clear();
    queued_purges_.clear();
    backoff_.after_success();
    return {};
  } catch (const SQLite::Exception& error) {
    reopen_before_write_ = needs_reopen(error.getErrorCode());
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

void SqliteStore::write_queue(StoreConnection& connection) {
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
  return read([&](StoreConnection& open) { return open.tables.last_seen(user); });
}

std::optional<core::BreakSnapshot> SqliteStore::break_snapshot(core::UserId user) {
  if (auto queued = queued_break_snapshots_.find(user); queued != queued_break_snapshots_.end()) {
    return queued->second;
  }
  return read([&](StoreConnection& open) { return open.tables.break_snapshot(user); });
}

std::vector<core::Interval> SqliteStore::intervals(core::UserId user, core::WallTime from,
                                                   core::WallTime to) {
  // Intervals a queued purge will delete (the next flush deletes after inserting, so queued
  // ones too) are already gone as far as anyone asking can tell.
  const core::WallTime visible = visible_from(user, from);
  if (visible >= to) return {};
  std::vector<core::Interval> result =
      read([&](StoreConnection& open) { return open.tables.intervals(user, visible, to); });
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

core::HistoryStore::IntervalPage SqliteStore::interval_page(core::UserId user, core::WallTime from,
                                                            core::WallTime to, std::int64_t skip,
                                                            std::int64_t limit) {
  const core::WallTime visible = visible_from(user, from);
  if (visible >= to) return {};
  std::vector<core::Interval> queued;
  for (const QueuedInterval& each : queued_intervals_) {
    if (each.user == user && overlaps(each.interval, visible, to)) queued.push_back(each.interval);
  }
  std::int64_t stored = 0;
  bool interleaved = false;
  read([&](StoreConnection& open) {
    stored = open.tables.count_intervals(user, visible, to);
    if (!queued.empty() && stored > 0) {
      const auto last = open.tables.intervals(user, visible, to, stored - 1, 1);
      interleaved = !last.empty() && std::any_of(queued.begin(), queued.end(), [&](const auto& q) {
        return q.start < last.front().start;
      });
    }
    return stored;
  });
  if (interleaved) return HistoryStore::interval_page(user, from, to, skip, limit);
  IntervalPage page;
  page.total = stored + static_cast<std::int64_t>(queued.size());
  skip = std::max<std::int64_t>(skip, 0);
  limit = std::max<std::int64_t>(limit, 0);
  if (skip < stored) {
    page.intervals = read([&](StoreConnection& open) {
      return open.tables.intervals(user, visible, to, skip, limit);
    });
  }
  // The queued ones come after every stored one: the same order as intervals() gives.
  std::stable_sort(
      queued.begin(), queued.end(),
      [](const core::Interval& a, const core::Interval& b) { return a.start < b.start; });
  for (std::int64_t index = std::max(skip, stored) - stored;
       index < static_cast<std::int64_t>(queued.size()) &&
       static_cast<std::int64_t>(page.intervals.size()) < limit;
       ++index) {
    page.intervals.push_back(queued[static_cast<std::size_t>(index)]);
  }
  return page;
}

std::vector<core::BreakEvent> SqliteStore::break_events(core::UserId user, core::WallTime from,
                                                        core::WallTime to) {
  // As intervals(): what a queued purge will delete is gone already.
  const core::WallTime visible = visible_from(user, from);
  if (visible >= to) return {};
  std::vector<core::BreakEvent> result =
      read([&](StoreConnection& open) { return open.tables.break_events(user, visible, to); });
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
    StoreConnection& open = connection();
    if (!open.writable()) throw StoreError(path_, write_blocked_);
    SQLite::Transaction transaction(open.db, SQLite::TransactionBehavior::IMMEDIATE);
    auto result = write(open.limit_records);
    transaction.commit();
    return result;
  } catch (const SQLite::Exception& error) {
    reopen_before_write_ = needs_reopen(error.getErrorCode());
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
  return read([&](StoreConnection& open) {
    return open.limit_records.grants(user, visible_from(user, from), to);
  });
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
  return read([&](StoreConnection& open) { return open.limit_records.request(id); });
}

std::vector<core::LimitRequest> SqliteStore::requests(std::optional<core::UserId> user,
                                                      core::WallTime since) {
  return read([&](StoreConnection& open) { return open.limit_records.requests(user, since); });
}

void SqliteStore::add_event(core::UserId user, const core::LimitEvent& event) {
  write_now([&](LimitRecordsTable& table) {
    table.insert_event(user, event);
    return true;
  });
}

std::vector<core::LimitEvent> SqliteStore::events(core::UserId user, core::WallTime from,
                                                  core::WallTime to) {
  return read([&](StoreConnection& open) {
    return open.limit_records.events(user, visible_from(user, from), to);
  });
}

}  // namespace screentime::adapters
