// OfflineHistory on a seeded history file: the figures screentimed would give, read without
// it, and the file left exactly as it was.

#include "client/offline_history.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "client/daemon_connection.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "daemon/core/fake_clock.hpp"
#include "daemon/core/posix_time_zone.hpp"
#include "tests/unit/offline/history_seed.hpp"

namespace screentime::client {
namespace {

using namespace std::chrono;
using nlohmann::json;

constexpr core::UserId kUser = 1000;

// 2026-10-25 03:30 CET: after the change, before the day start, so still the 24th.
const core::WallTime kNow = sys_days{2026y / October / 25} + hours{2} + minutes{30};

std::shared_ptr<const core::TimeZone> stockholm() {
  return std::make_shared<core::PosixTimeZone>(*core::PosixTimeZone::parse(tests::kSeedZone));
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class OfflineHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("offline-history-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
    std::ofstream(config()) << tests::kSeedConfig;
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::filesystem::path database() const { return folder_ / "history.db"; }
  std::filesystem::path config() const { return folder_ / "config.toml"; }
  OfflineFiles files() const { return {database(), config()}; }

  std::filesystem::path folder_;
  core::FakeClock clock_{kNow, stockholm()};
};

json day_of(const json& usage, const std::string& date) {
  for (const json& day : usage["days"]) {
    if (day["date"] == date) return day;
  }
  return nullptr;
}

std::int64_t all_states(const json& day) {
  std::int64_t sum = 0;
  for (const char* state : {"active", "idle", "locked", "asleep", "unknown"}) {
    sum += day[std::string(state) + "_seconds"].get<std::int64_t>();
  }
  return sum;
}

// Per day: the active time (6h 15m by day, and the hour of a night's 03:00-05:00 use that
// falls on each side of 04:00), and every moment of the day accounted for: 25 hours on the
// 24th, the day summer time ends, 24 on the others.
TEST_F(OfflineHistoryTest, UsageByDayCountsEachDayAsTheDaemonDoes) {
  tests::seed_history(database(), kUser);
  OfflineHistory history(clock_, files(), kUser);
  const json usage = history.request("usage", {{"from", tests::kSeedFrom}, {"to", tests::kSeedTo}});
  EXPECT_EQ(usage["day_start"], "04:00");
  struct Row {
    const char* date;
    std::int64_t active, whole;
  };
  for (const Row& row : {Row{"2026-10-21", 22500, 86400}, Row{"2026-10-22", 26100, 86400},
                         Row{"2026-10-23", 26100, 86400}, Row{"2026-10-24", 26100, 90000},
                         Row{"2026-10-25", 26100, 86400}, Row{"2026-10-27", 26100, 86400}}) {
    const json day = day_of(usage, row.date);
    ASSERT_FALSE(day.is_null()) << row.date;
    EXPECT_EQ(day["active_seconds"], row.active) << row.date;
    EXPECT_EQ(all_states(day), row.whole) << row.date;
  }
}

TEST_F(OfflineHistoryTest, StatusGivesTodayByTheConfigsDayStart) {
  tests::seed_history(database(), kUser);
  OfflineHistory history(clock_, files(), kUser);
  const json status = history.request("status");
  EXPECT_EQ(status["today"]["date"], "2026-10-24");
  EXPECT_EQ(status["today"]["active_seconds"], 26100);
  EXPECT_EQ(status["state"], "unknown");
  EXPECT_TRUE(status["limits"].is_null());
}

TEST_F(OfflineHistoryTest, BreaksAfterMidnightCountForTheDayBefore) {
  tests::seed_history(database(), kUser);
  OfflineHistory history(clock_, files(), kUser);
  const json breaks = history.request("breaks", {{"from", "2026-10-24"}, {"to", "2026-10-25"}});
  ASSERT_EQ(breaks["days"].size(), 2u);
  EXPECT_EQ(breaks["days"][0]["eye"]["shown"], 3);
  EXPECT_EQ(breaks["days"][0]["eye"]["taken"], 2);
  EXPECT_EQ(breaks["days"][1]["eye"]["shown"], 2);
  EXPECT_EQ(breaks["days"][1]["movement"]["natural"], 1);
}

TEST_F(OfflineHistoryTest, ConfigGetSaysWhichFileIsInForce) {
  OfflineHistory history(clock_, files(), kUser);
  const json reply = history.request("config.get");
  EXPECT_EQ(reply["file"], config().string());
  EXPECT_EQ(reply["in_force"], "file");
  EXPECT_EQ(reply["config"]["general"]["day_starts_at"], "04:00");
}

TEST_F(OfflineHistoryTest, NoDatabaseIsNoHistoryYetAndCreatesNothing) {
  OfflineHistory history(clock_, {folder_ / "state" / "history.db", std::nullopt}, kUser);
  EXPECT_FALSE(history.has_history());
  const json usage = history.request("usage", {{"from", "2026-10-21"}, {"to", "2026-10-22"}});
  ASSERT_EQ(usage["days"].size(), 2u);
  EXPECT_EQ(usage["days"][0]["active_seconds"], 0);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "state"));
}

TEST_F(OfflineHistoryTest, LeavesTheFileAsItWasWithNoSideFiles) {
  tests::seed_history(database(), kUser);
  const std::string before = read_all(database());
  struct stat was {};
  ASSERT_EQ(::stat(database().c_str(), &was), 0);
  {
    OfflineHistory history(clock_, files(), kUser);
    history.request("usage", {{"from", tests::kSeedFrom}, {"to", tests::kSeedTo}});
    history.request("usage", {{"from", tests::kSeedFrom}, {"by", "interval"}});
    history.request("breaks", {{"from", tests::kSeedFrom}});
  }
  struct stat is {};
  ASSERT_EQ(::stat(database().c_str(), &is), 0);
  EXPECT_EQ(read_all(database()), before);
  EXPECT_EQ(is.st_mtim.tv_sec, was.st_mtim.tv_sec);
  EXPECT_EQ(is.st_mtim.tv_nsec, was.st_mtim.tv_nsec);
  EXPECT_FALSE(std::filesystem::exists(database().string() + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(database().string() + "-shm"));
}

// A daemon killed between checkpoints: its open interval counts as its next start stores it.
TEST_F(OfflineHistoryTest, CountsTheOpenIntervalOfTheLastCheckpoint) {
  tests::seed_history(database(), kUser);
  {
    adapters::SqliteStore store(database());
    const core::WallTime at = sys_days{2026y / October / 27} + hours{19};  // 20:00 CET
    store.save_last_seen(
        kUser, {at + hours{1}, core::BootTime{hours{2}}, "seed",
                core::Interval{core::ActivityState::active, at, hours{1}, hours{1}, "x11", ""}});
    ASSERT_TRUE(store.flush().written);
  }
  OfflineHistory history(clock_, files(), kUser);
  const json usage = history.request("usage", {{"from", "2026-10-27"}, {"to", "2026-10-27"}});
  EXPECT_EQ(usage["days"][0]["active_seconds"], 26100 + 3600);
}

TEST_F(OfflineHistoryTest, CommandsThatChangeSomethingStillNeedTheDaemon) {
  OfflineHistory history(clock_, files(), kUser);
  for (const char* command : {"pause", "forget", "break", "reload", "subscribe"}) {
    EXPECT_THROW(history.request(command), DaemonNotRunning) << command;
  }
}

TEST_F(OfflineHistoryTest, ABadRangeIsTheDaemonsBadRequest) {
  OfflineHistory history(clock_, files(), kUser);
  try {
    history.request("usage", {{"from", "2026-10-22"}, {"to", "2026-10-21"}});
    FAIL() << "no error";
  } catch (const RequestFailed& error) {
    EXPECT_EQ(error.code(), "bad_request");
  }
}

}  // namespace
}  // namespace screentime::client
