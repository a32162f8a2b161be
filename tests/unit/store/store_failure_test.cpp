// When the disk says no (read-only, locked, full) nothing queued is lost, flush() asks to be
// retried later, and once the problem is gone the next flush writes everything.

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <vector>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/unit/store/store_test_support.hpp"

namespace screentime::adapters {
namespace {

using namespace testing;
using core::Interval;
using core::LastSeen;

constexpr core::UserId kUser = 1000;
const core::WallTime kFrom = utc(2000, 1, 1);
const core::WallTime kTo = utc(2100, 1, 1);

// Root ignores file modes through CAP_DAC_OVERRIDE (and friends), and CI runs as root: drop
// them from the effective set while the test runs, so a 0400 file is read-only for us too.
// Raw syscalls, because libcap is not a dependency worth adding for a test.
class WithoutFileCapabilities {
 public:
  WithoutFileCapabilities() {
    if (geteuid() != 0) return;
    header_ = {_LINUX_CAPABILITY_VERSION_3, 0};
    if (syscall(SYS_capget, &header_, saved_) != 0) throw std::runtime_error("capget failed");
    __user_cap_data_struct dropped[_LINUX_CAPABILITY_U32S_3];
    std::copy(std::begin(saved_), std::end(saved_), std::begin(dropped));
    for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
      dropped[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
    }
    if (syscall(SYS_capset, &header_, dropped) != 0) throw std::runtime_error("capset failed");
    active_ = true;
  }
  ~WithoutFileCapabilities() {
    if (active_) syscall(SYS_capset, &header_, saved_);
  }
  WithoutFileCapabilities(const WithoutFileCapabilities&) = delete;
  WithoutFileCapabilities& operator=(const WithoutFileCapabilities&) = delete;

 private:
  bool active_ = false;
  __user_cap_header_struct header_{};
  __user_cap_data_struct saved_[_LINUX_CAPABILITY_U32S_3]{};
};

std::vector<Interval> some_intervals(core::WallTime start, int count) {
  std::vector<Interval> result;
  for (int i = 0; i < count; ++i) {
    // Distinct details make every interval grow the file (used by the full-disk case).
    result.push_back(interval(start + i * 1min, 1min, core::ActivityState::active, "x11",
                              "inhibitor " + std::to_string(i)));
  }
  return result;
}

void append_all(SqliteStore& store, const std::vector<Interval>& intervals) {
  for (const Interval& each : intervals) store.append(kUser, each);
}

void expect_not_written(const core::FlushOutcome& outcome, const char* error_part) {
  EXPECT_FALSE(outcome.written);
  EXPECT_TRUE(outcome.retry_after.has_value());
  EXPECT_NE(outcome.error.find(error_part), std::string::npos) << outcome.error;
}

// A new store on the same file: proves the data reached the disk, not just the queue.
std::vector<Interval> read_back(const TempDir& dir) {
  return SqliteStore(dir.db()).intervals(kUser, kFrom, kTo);
}

TEST(SqliteStoreFailure, ReadOnlyFileKeepsQueueAndRecoversAfterChmod) {
  TempDir dir;
  std::vector<Interval> written = some_intervals(utc(2024, 1, 1), 3);
  {
    SqliteStore store(dir.db());
    append_all(store, written);
    ASSERT_TRUE(store.flush().written);
  }
  std::vector<Interval> queued = some_intervals(utc(2024, 1, 2), 5);
  std::vector<Interval> everything = written;
  everything.insert(everything.end(), queued.begin(), queued.end());
  LastSeen checkpoint{.wall = utc(2024, 1, 2, 1), .boot = {}, .boot_id = "b", .open = {}};

  ASSERT_EQ(chmod(dir.db().c_str(), 0400), 0);
  {
    WithoutFileCapabilities as_a_user;
    SqliteStore store(dir.db());
    append_all(store, queued);
    store.save_last_seen(kUser, checkpoint);
    expect_not_written(store.flush(), "readonly");
    EXPECT_EQ(store.pending(), queued.size());
    EXPECT_EQ(store.intervals(kUser, kFrom, kTo), everything);
    EXPECT_EQ(store.last_seen(kUser), checkpoint);

    ASSERT_EQ(chmod(dir.db().c_str(), 0600), 0);
    core::FlushOutcome outcome = store.flush();
    EXPECT_TRUE(outcome.written) << outcome.error;
    EXPECT_EQ(store.pending(), 0u);
  }
  EXPECT_EQ(read_back(dir), everything);
  EXPECT_EQ(SqliteStore(dir.db()).last_seen(kUser), checkpoint);
}

TEST(SqliteStoreFailure, LockHeldByAnotherConnectionKeepsQueueUntilReleased) {
  TempDir dir;
  SqliteStore store(dir.db());
  std::vector<Interval> queued = some_intervals(utc(2024, 1, 1), 4);
  append_all(store, queued);

  SQLite::Database other(dir.db().string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");
  expect_not_written(store.flush(), "locked");
  EXPECT_EQ(store.pending(), queued.size());
  EXPECT_EQ(store.intervals(kUser, kFrom, kTo), queued) << "readers are not blocked in WAL mode";

  other.exec("COMMIT");
  core::FlushOutcome outcome = store.flush();
  EXPECT_TRUE(outcome.written) << outcome.error;
  EXPECT_EQ(read_back(dir), queued);
}

TEST(SqliteStoreFailure, FullDiskKeepsQueueAndInternedNamesUntilThereIsRoom) {
  TempDir dir;
  { SqliteStore create(dir.db()); }
  SqliteStore store(dir.db(), {.max_page_count = 1});  // no room beyond the schema
  std::vector<Interval> queued = some_intervals(utc(2024, 1, 1), 500);
  append_all(store, queued);
  expect_not_written(store.flush(), "full");
  EXPECT_EQ(store.pending(), queued.size());
  EXPECT_EQ(store.intervals(kUser, kFrom, kTo), queued);

  store.set_max_page_count(std::nullopt);
  core::FlushOutcome outcome = store.flush();
  EXPECT_TRUE(outcome.written) << outcome.error;
  // The failed transaction interned details that its rollback took back; reusing their ids
  // would point rows at missing names, and the query's join would drop them.
  EXPECT_EQ(read_back(dir), queued);
}

TEST(SqliteStoreFailure, BackOffDoublesFromOneSecondToFiveMinutesAndResetsOnSuccess) {
  TempDir dir;
  { SqliteStore create(dir.db()); }
  SqliteStore store(dir.db(), {.max_page_count = 1});
  append_all(store, some_intervals(utc(2024, 1, 1), 200));
  std::vector<core::Duration> waits;
  for (int i = 0; i < 11; ++i) waits.push_back(store.flush().retry_after.value_or(0ms));
  using std::chrono::seconds;
  EXPECT_EQ(waits, (std::vector<core::Duration>{seconds(1), seconds(2), seconds(4), seconds(8),
                                                seconds(16), seconds(32), seconds(64), seconds(128),
                                                seconds(256), seconds(300), seconds(300)}));

  store.set_max_page_count(std::nullopt);
  ASSERT_TRUE(store.flush().written);
  store.set_max_page_count(1);
  append_all(store, some_intervals(utc(2025, 1, 1), 200));
  EXPECT_EQ(store.flush().retry_after, seconds(1));
}

TEST(FlushBackoff, DoublesAndCaps) {
  FlushBackoff backoff;
  EXPECT_EQ(backoff.after_failure(), 1s);
  EXPECT_EQ(backoff.after_failure(), 2s);
  for (int i = 0; i < 20; ++i) backoff.after_failure();
  EXPECT_EQ(backoff.after_failure(), 5min);
  backoff.after_success();
  EXPECT_EQ(backoff.after_failure(), 1s);
}

}  // namespace
}  // namespace screentime::adapters
