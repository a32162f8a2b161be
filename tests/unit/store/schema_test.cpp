// Opening the file: where it lives, who may read it, and which schema versions are accepted.

#include "daemon/adapters/store/schema.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "daemon/adapters/store/history_path.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "daemon/adapters/store/store_error.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters {
namespace {

using namespace testing;

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(umask(mask)) {}
  ~ScopedUmask() { umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

TEST(HistoryPath, LiesInTheStateFolder) {
  EXPECT_EQ(default_history_path("/state"), "/state/screentime/history.db");
}

TEST(HistoryPath, WithoutAStateFolderIsAnErrorThatSaysSo) {
  try {
    default_history_path(std::nullopt);
    FAIL() << "no error";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("no home folder"), std::string::npos) << error.what();
  }
}

TEST(SqliteStoreFiles, CreatesFoldersPrivateAndFilePrivateWhateverTheUmask) {
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  std::filesystem::path db = dir.path() / "state" / "screentime" / "history.db";
  {
    ScopedUmask mask(0277);  // would make a plain mkdir(0700) 0500 and open(0600) 0400
    SqliteStore store(db);
    store.append(1000, interval(utc(2024, 1, 1), 1h));
    ASSERT_TRUE(store.flush().written);
    EXPECT_EQ(mode_of(db.string() + "-wal"), 0600u) << "SQLite copies the file's mode";
  }
  EXPECT_EQ(mode_of(dir.path()), 0755u) << "an existing folder is not ours to change";
  EXPECT_EQ(mode_of(dir.path() / "state"), 0700u);
  EXPECT_EQ(mode_of(dir.path() / "state" / "screentime"), 0700u);
  EXPECT_EQ(mode_of(db), 0600u);
}

TEST(SqliteStoreFiles, LeavesModesOfAnExistingFileAlone) {
  TempDir dir;
  { SqliteStore store(dir.db()); }
  ASSERT_EQ(chmod(dir.db().c_str(), 0640), 0);
  { SqliteStore store(dir.db()); }
  EXPECT_EQ(mode_of(dir.db()), 0640u);
}

TEST(SqliteStoreSchema, MigratesAnEmptyFileToTheCurrentVersionInWalMode) {
  TempDir dir;
  std::ofstream(dir.db()).close();
  ASSERT_EQ(std::filesystem::file_size(dir.db()), 0u);
  { SqliteStore store(dir.db()); }
  EXPECT_EQ(user_version(dir.db()), current_schema_version());
  EXPECT_EQ(current_schema_version(), 5);
  SQLite::Database reader(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(reader.execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* table :
       {"sources", "details", "intervals", "last_seen", "meta", "break_events", "break_state",
        "break_timers", "limit_grants", "limit_requests", "limit_events"}) {
    EXPECT_TRUE(reader.tableExists(table)) << table;
  }
  // Range queries read the intervals table's clustered key, not the whole table.
  SQLite::Statement plan(reader,
                         "EXPLAIN QUERY PLAN SELECT duration_ms FROM intervals "
                         "WHERE user_id = 1 AND start_ms >= 0 AND start_ms < 10");
  ASSERT_TRUE(plan.executeStep());
  EXPECT_EQ(plan.getColumn(3).getString(),
            "SEARCH intervals USING PRIMARY KEY (user_id=? AND start_ms>? AND start_ms<?)");
}

TEST(SqliteStoreSchema, OpeningTwiceDoesNotMigrateAgain) {
  TempDir dir;
  {
    SqliteStore store(dir.db());
    store.append(1000, interval(utc(2024, 1, 1), 1h));
    ASSERT_TRUE(store.flush().written);
  }
  SqliteStore store(dir.db());
  EXPECT_EQ(store.intervals(1000, utc(2024, 1, 1), utc(2024, 1, 2)).size(), 1u);
}

TEST(SqliteStoreSchema, RefusesAFileFromANewerVersionAndLeavesItAlone) {
  TempDir dir;
  int newer = current_schema_version() + 1;
  {
    SQLite::Database writer(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer.exec("CREATE TABLE future (x INTEGER)");
    writer.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  try {
    SqliteStore store(dir.db());
    FAIL() << "a newer schema was accepted";
  } catch (const SchemaTooNewError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find(dir.db().string()), std::string::npos) << message;
    EXPECT_NE(message.find("schema version " + std::to_string(newer)), std::string::npos)
        << message;
    EXPECT_NE(message.find("upgrade screentime"), std::string::npos) << message;
  }
  EXPECT_EQ(user_version(dir.db()), newer);
  EXPECT_EQ(count_rows(dir.db(), "sqlite_master"), 1) << "nothing was created in it";
}

// Not thrown any more (it stopped the daemon at every start): the file is moved aside, named
// in what the store says, and a new one takes over (damaged_history_test.cpp has the rest).
TEST(SqliteStoreSchema, AFileThatIsNotADatabaseIsMovedAsideAndNamed) {
  TempDir dir;
  std::ofstream(dir.db()) << std::string(4096, 'x');
  SqliteStore store(dir.db());
  EXPECT_NE(store.damage().find(dir.db().string() + ".damaged-"), std::string::npos)
      << store.damage();
  EXPECT_NE(store.damage().find("not a database"), std::string::npos) << store.damage();
}

TEST(SqliteStoreSchema, ThrowsWithPathWhenTheFolderCannotBeCreated) {
  TempDir dir;
  std::ofstream(dir.path() / "file").close();  // a file where a folder should be
  std::filesystem::path db = dir.path() / "file" / "screentime" / "history.db";
  EXPECT_THROW(SqliteStore store(db), StoreError);
}

}  // namespace
}  // namespace screentime::adapters
