#pragma once
// Helpers for the SQLite store tests: a private temp folder, readable intervals, and a second
// connection to look at (or lock) the file behind the store's back.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "daemon/core/interval.hpp"

namespace screentime::adapters::testing {

using namespace std::chrono_literals;

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "store-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path db() const { return path_ / "history.db"; }

 private:
  std::filesystem::path path_;
};

inline core::WallTime utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  return core::WallTime{std::chrono::sys_days{std::chrono::year{year} / month / day}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute};
}

inline core::Interval interval(core::WallTime start, core::Duration duration,
                               core::ActivityState state = core::ActivityState::active,
                               std::string source = "logind", std::string detail = "",
                               core::UtcOffset offset = std::chrono::hours{2}) {
  return {.state = state,
          .start = start,
          .duration = duration,
          .utc_offset = offset,
          .source = std::move(source),
          .detail = std::move(detail)};
}

inline std::int64_t count_rows(const std::filesystem::path& db, const std::string& table) {
  SQLite::Database reader(db.string(), SQLite::OPEN_READONLY);
  return reader.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

inline int user_version(const std::filesystem::path& db) {
  SQLite::Database reader(db.string(), SQLite::OPEN_READONLY);
  return reader.execAndGet("PRAGMA user_version").getInt();
}

}  // namespace screentime::adapters::testing
