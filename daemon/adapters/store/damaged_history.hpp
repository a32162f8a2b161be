#pragma once
// A history file SQLite cannot read whole (a damaged disk block, a truncated or overwritten
// file) is moved aside under a name that says so, kept for recovery by hand, and what can still
// be read of it is copied into a new file: a damaged block costs the rows it held, not every day
// since, and tracking goes on.

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace screentime::adapters {

struct HistoryRescue {
  std::filesystem::path moved_to;  // the damaged file, kept
  std::string problem;             // what SQLite said of it
  std::int64_t rows_salvaged = 0;  // copied into the new file
  int tables_damaged = 0;          // tables of which some rows could not be read
};

// Checks `path` with PRAGMA quick_check. Missing or intact: nullopt. Damaged: moves it and its
// -wal and -shm aside as PATH.damaged-YYYYMMDDTHHMMSSZ (`now`) and returns what was found.
std::optional<HistoryRescue> move_aside_if_damaged(const std::filesystem::path& path,
                                                   std::chrono::system_clock::time_point now);

// "damaged (file is not a database): moved aside to "PATH.damaged-…"; 1234 rows salvaged into
// a new file", for the log and `status`.
std::string describe(const HistoryRescue& rescue);

// Copies what can be read of the moved file into `db` (a new file at the current schema),
// table by table in rowid order, a few hundred rows at a time, skipping what cannot be read.
void salvage_history(SQLite::Database& db, HistoryRescue& rescue);

}  // namespace screentime::adapters
