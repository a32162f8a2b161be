#include "daemon/adapters/store/store_connection.hpp"

#include <sqlite3.h>

#include <chrono>
#include <string>
#include <system_error>

#include "daemon/adapters/store/history_path.hpp"
#include "daemon/adapters/store/schema.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "daemon/adapters/store/store_error.hpp"

namespace screentime::adapters {
namespace {

// Once the WAL passes this many pages (of 4 KiB) it is copied back into the database, and a
// larger -wal left by a big flush is cut back to kJournalSizeLimitBytes. SQLite's default of
// 1000 pages would let the -wal reach 4 MiB, several years of history; a daemon flush adds about
// 4 pages, so this still checkpoints only every dozen flushes or so.
constexpr int kWalAutocheckpointPages = 64;
constexpr int kJournalSizeLimitBytes = 256 * 1024;

// A path as an SQLite file: URI, with the characters URIs reserve escaped.
std::string file_uri(const std::filesystem::path& path) {
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

}  // namespace

void apply_max_page_count(SQLite::Database& db, std::optional<std::int64_t> pages) {
  // 1073741823 is SQLite's default limit, so "none" restores the normal behaviour.
  db.exec("PRAGMA max_page_count = " + std::to_string(pages.value_or(1073741823)));
}

StoreConnection::StoreConnection(SQLite::Database database, bool writable,
                                 std::optional<HistoryRescue> rescue)
    : writable_(writable),
      rescue_(std::move(rescue)),
      db(std::move(database)),
      tables(db),
      limit_records(db) {}

std::unique_ptr<StoreConnection> StoreConnection::for_writing(const std::filesystem::path& path,
                                                              const SqliteStoreOptions& options) {
  std::optional<HistoryRescue> rescue =
      move_aside_if_damaged(path, std::chrono::system_clock::now());
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
  // SQLite opens a write-protected file read-only without a word: say so here, where the
  // caller can still read through it.
  if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
    throw SQLite::Exception("attempt to write a readonly database", SQLITE_READONLY);
  }
  return std::unique_ptr<StoreConnection>(new StoreConnection(std::move(db), true, rescue));
}

// Without a -wal file everything is in the database file, so `immutable` reads it with no
// lock and no side file at all. A -wal left by a daemon that did not stop cleanly holds
// committed rows that only a WAL reader sees: then a plain read-only open, which may add
// the -shm index beside it but never writes the database or its -wal.
std::unique_ptr<StoreConnection> StoreConnection::for_reading(const std::filesystem::path& path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    throw StoreError(path, "no such file");
  }
  const bool wal_left = std::filesystem::exists(path.string() + "-wal", ignored);
  SQLite::Database db(file_uri(path) + (wal_left ? "?mode=ro" : "?immutable=1"),
                      SQLite::OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX);
  check_current(db, path);
  return std::unique_ptr<StoreConnection>(new StoreConnection(std::move(db), false, {}));
}

std::unique_ptr<StoreConnection> StoreConnection::empty() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  migrate(db, ":memory:");
  return std::unique_ptr<StoreConnection>(new StoreConnection(std::move(db), false, {}));
}

}  // namespace screentime::adapters
