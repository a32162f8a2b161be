// A damaged history file: moved aside under a name that says so, what can be read salvaged
// into a new file, and tracking goes on in it.
#include <gtest/gtest.h>

#include <fstream>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters {
namespace {

using namespace testing;
namespace fs = std::filesystem;

constexpr core::UserId kUser = 1000;
constexpr int kIntervals = 4000;  // a few hundred pages of them

class DamagedHistory : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore store(dir.db());
    for (int i = 0; i < kIntervals; ++i) {
      store.append(kUser, interval(utc(2026, 1, 1) + std::chrono::minutes{i}, 30s));
    }
    store.save_last_seen(kUser, {utc(2026, 1, 4), {}, "boot", std::nullopt});
    ASSERT_TRUE(store.flush().written);
  }

  // Writes `bytes` of garbage at `offset` of the file.
  void scribble(std::int64_t offset, std::size_t bytes) {
    std::fstream file(dir.db(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(offset);
    const std::string garbage(bytes, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }

  std::vector<fs::path> moved_aside() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      if (entry.path().filename().string().starts_with("history.db.damaged-")) {
        found.push_back(entry.path());
      }
    }
    return found;
  }

  std::size_t stored_intervals(SqliteStore& store) {
    return store.intervals(kUser, utc(2025, 1, 1), utc(2027, 1, 1)).size();
  }

  TempDir dir;
};

TEST_F(DamagedHistory, AnIntactFileIsLeftAlone) {
  SqliteStore store(dir.db());
  EXPECT_EQ(store.damage(), "");
  EXPECT_TRUE(moved_aside().empty());
  EXPECT_EQ(stored_intervals(store), static_cast<std::size_t>(kIntervals));
}

TEST_F(DamagedHistory, AnOverwrittenFirstPageIsMovedAsideAndANewFileTakesOver) {
  scribble(0, 4096);
  SqliteStore store(dir.db());  // before: "file is not a database", at every start
  ASSERT_EQ(moved_aside().size(), 1u);
  EXPECT_NE(store.damage().find("moved aside to"), std::string::npos) << store.damage();
  EXPECT_NE(store.damage().find(moved_aside().front().string()), std::string::npos);
  store.append(kUser, interval(utc(2026, 6, 1), 1h));
  EXPECT_TRUE(store.flush().written);
  EXPECT_EQ(stored_intervals(store), 1u);
}

TEST_F(DamagedHistory, ATruncatedFileIsMovedAsideToo) {
  fs::resize_file(dir.db(), 6000);
  SqliteStore store(dir.db());
  EXPECT_EQ(moved_aside().size(), 1u);
  EXPECT_FALSE(store.damage().empty());
  store.append(kUser, interval(utc(2026, 6, 1), 1h));
  EXPECT_TRUE(store.flush().written);
}

TEST_F(DamagedHistory, PagesDamagedInTheMiddleCostOnlyTheRowsTheyHeld) {
  // Before: the daemon started without a word and went on writing into the damaged file.
  const auto size = static_cast<std::int64_t>(fs::file_size(dir.db()));
  scribble(size / 2 / 4096 * 4096, 2 * 4096);
  SqliteStore store(dir.db());
  ASSERT_EQ(moved_aside().size(), 1u) << "quick_check found the damage";
  const auto salvaged = stored_intervals(store);
  EXPECT_GT(salvaged, static_cast<std::size_t>(kIntervals) * 9 / 10) << store.damage();
  EXPECT_LT(salvaged, static_cast<std::size_t>(kIntervals)) << store.damage();
  EXPECT_NE(store.damage().find("rows salvaged"), std::string::npos) << store.damage();
  store.append(kUser, interval(utc(2026, 6, 1), 1h));
  EXPECT_TRUE(store.flush().written);
  // The new file is whole.
  SQLite::Database check(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(check.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

}  // namespace
}  // namespace screentime::adapters
