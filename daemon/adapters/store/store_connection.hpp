#pragma once
// StoreConnection: one open SQLite connection to the history, with its prepared statements:
// for writing (created, checked for damage, migrated), for reading only, or an empty history
// in memory when the file cannot be read either. Loop thread only, like SqliteStore.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "daemon/adapters/store/damaged_history.hpp"
#include "daemon/adapters/store/history_tables.hpp"
#include "daemon/adapters/store/limit_records_table.hpp"

namespace screentime::adapters {

struct SqliteStoreOptions;

// PRAGMA max_page_count on `db`; none restores SQLite's default (no practical limit).
void apply_max_page_count(SQLite::Database& db, std::optional<std::int64_t> pages);

class StoreConnection {
 public:
  // Read-write: creates the file if missing, moves a damaged one aside and salvages it, and
  // brings it to the current schema. Throws SQLite::Exception or StoreError.
  static std::unique_ptr<StoreConnection> for_writing(const std::filesystem::path& path,
                                                      const SqliteStoreOptions& options);
  // Read-only, never writing the file or its -wal (see docs/storage.md). Throws StoreError or
  // SQLite::Exception when the file is missing or at another schema version.
  static std::unique_ptr<StoreConnection> for_reading(const std::filesystem::path& path);
  // An empty history at the current schema, in memory: what is read while the file cannot be.
  static std::unique_ptr<StoreConnection> empty();

  // Whether writes go to the file (only a connection for_writing).
  bool writable() const { return writable_; }
  // What was done when the file was found damaged on opening, if it was.
  const std::optional<HistoryRescue>& rescue() const { return rescue_; }

 private:
  StoreConnection(SQLite::Database db, bool writable, std::optional<HistoryRescue> rescue);

  bool writable_;
  std::optional<HistoryRescue> rescue_;

 public:
  // Members are destroyed in reverse order: the statements are finalized before the database
  // closes.
  SQLite::Database db;
  HistoryTables tables;
  LimitRecordsTable limit_records;
};

}  // namespace screentime::adapters
