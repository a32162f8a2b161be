// The real screentimed when its history cannot be written: the state folder on a full file
// system, the file read-only, the file damaged while the daemon runs. Each time the daemon
// keeps tracking, says what happened once, and writes everything it kept once it can.
// Run by CTest as root in a mount namespace of its own (unshare --mount), so that a small
// tmpfs can be mounted for the full disk; without root the tests are skipped.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr uid_t kNobody = 65534;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++found;
  }
  return found;
}

class StorageFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (a tmpfs, another uid)";
    state = dir / "state";
    fs::create_directories(state);
    database = state / "history.db";
    socket_dir = dir / "run";
    fs::create_directory(socket_dir);
    fs::permissions(socket_dir, fs::perms::owner_all);
    // The shipped defaults, in a file another uid can read wherever the project lies.
    config = dir / "config.toml";
    fs::copy_file(SCREENTIME_DEFAULT_CONFIG, config);
  }
  void TearDown() override {
    if (mounted) ::umount2(state.c_str(), MNT_DETACH);
  }

  // A small file system for the state folder: room for the history and little more.
  void mount_small_tmpfs() {
    ASSERT_EQ(::mount("tmpfs", state.c_str(), "tmpfs", 0, "size=2m,mode=0755"), 0)
        << std::strerror(errno);
    mounted = true;
  }

  std::vector<std::string> arguments(bool as_nobody = false) const {
    std::vector<std::string> words;
    if (as_nobody) {
      words = {"/usr/bin/setpriv",
               "--reuid",
               std::to_string(kNobody),
               "--regid",
               std::to_string(kNobody),
               "--clear-groups",
               "--"};
    }
    words.insert(words.end(), {SCREENTIME_DAEMON, "-v", "--config", config.string(), "--database",
                               database.string(), "--socket", (socket_dir / "sock").string()});
    return words;
  }

  int ctl(const std::vector<std::string>& words, bool as_nobody = false) const {
    std::vector<std::string> command;
    if (as_nobody) {
      command = {"/usr/bin/setpriv",
                 "--reuid",
                 std::to_string(kNobody),
                 "--regid",
                 std::to_string(kNobody),
                 "--clear-groups",
                 "--"};
    }
    command.insert(command.end(), {SCREENTIMECTL, "--socket", (socket_dir / "sock").string()});
    command.insert(command.end(), words.begin(), words.end());
    return run_command(command).exit_status;
  }

  // Where the stored break state says a pause ends, in minutes from now (rounded); nullopt
  // when it holds no pause. A pause and a resume are each written at once, so this tells
  // whether the last one reached the file.
  std::optional<long> stored_pause_minutes(uid_t user) const {
    adapters::SqliteStore store(database);
    const auto snapshot = store.break_snapshot(user);
    if (!snapshot || !snapshot->paused_until) return std::nullopt;
    const auto left = *snapshot->paused_until - std::chrono::system_clock::now();
    return std::chrono::round<std::chrono::minutes>(left).count();
  }

  // A history of a hundred pages or more: 20000 intervals of the last three days, all in the main
  // file (none left in the -wal), so that damage to it is met by the daemon's reads.
  void seed_history() {
    {
      adapters::SqliteStore store(database);
      const auto from = std::chrono::time_point_cast<core::Duration>(
          std::chrono::system_clock::now() - std::chrono::hours{72});
      for (int i = 0; i < 20000; ++i) {
        store.append(getuid(), core::Interval{core::ActivityState::active,
                                              from + std::chrono::seconds{12 * i}, 10s,
                                              std::chrono::minutes{0}, "seed", ""});
      }
      ASSERT_TRUE(store.flush().written);
    }
    SQLite::Database db(database.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  TempDir dir{"screentime-faults"};
  fs::path state;
  fs::path database;
  fs::path socket_dir;
  fs::path config;
  bool mounted = false;
};

TEST_F(StorageFaults, AFullDiskIsSaidOnceAndEverythingKeptIsWrittenWhenSpaceIsFreed) {
  ASSERT_NO_FATAL_FAILURE(mount_small_tmpfs());
  DaemonProcess daemon(arguments());
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  ASSERT_EQ(ctl({"pause", "10m"}), 0);
  ASSERT_EQ(ctl({"resume"}), 0);

  // Fill the file system to the last byte.
  const fs::path filler = state / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, 'x');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) out.flush();
  }
  ASSERT_EQ(ctl({"pause", "10m"}), 0);
  ASSERT_TRUE(daemon.wait_for_log("could not write history", 20s)) << daemon.log();
  ASSERT_EQ(ctl({"resume"}), 0);
  ASSERT_EQ(ctl({"pause", "5m"}), 0);
  ASSERT_TRUE(daemon.wait_for_log("history still not written", 20s)) << daemon.log();
  // Still answering, and the queued changes are what the client sees.
  const auto status =
      run_command({SCREENTIMECTL, "--socket", (socket_dir / "sock").string(), "status", "--json"});
  ASSERT_EQ(status.exit_status, 0) << status.err;
  EXPECT_FALSE(nlohmann::json::parse(status.out)["breaks"]["paused_until"].is_null()) << status.out;

  fs::remove(filler);
  ASSERT_TRUE(daemon.wait_for_log("history written again; nothing was lost", 30s)) << daemon.log();
  EXPECT_EQ(count(daemon.log(), "could not write history"), 1u) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
  // The last change made while the disk was full is the one stored: the pause of 5 minutes.
  EXPECT_EQ(stored_pause_minutes(getuid()), 5);
  SQLite::Database check(database.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(check.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

// SQLite keeps a connection read-only once it opened a read-only file: the daemon has to open
// the file again once it is writable, or nothing would be written until a restart.
TEST_F(StorageFaults, AReadOnlyHistoryIsWrittenOnceTheFileIsWritableAgain) {
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec);
  ASSERT_EQ(::chown(state.c_str(), kNobody, kNobody), 0);
  ASSERT_EQ(::chown(socket_dir.c_str(), kNobody, kNobody), 0);
  {
    DaemonProcess first(arguments(true));
    ASSERT_TRUE(first.wait_for_log("started")) << first.log();
    first.signal(SIGTERM);
    ASSERT_EQ(first.wait_exit(), 0) << first.log();
  }
  fs::permissions(database, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(state, fs::perms::owner_read | fs::perms::owner_exec);  // no new -wal
  DaemonProcess daemon(arguments(true));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  ASSERT_EQ(ctl({"pause", "10m"}, true), 0);
  // Said at the first write, the start's own.
  EXPECT_NE(daemon.log().find("could not write history"), std::string::npos) << daemon.log();

  fs::permissions(state, fs::perms::owner_all);
  fs::permissions(database, fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(daemon.wait_for_log("history written again; nothing was lost", 30s)) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
  EXPECT_EQ(stored_pause_minutes(kNobody), 10);
}

// Damage found while running (a read or a write reports it): the file is moved aside, a new
// one started, and status says so; the daemon never stops.
TEST_F(StorageFaults, AHistoryDamagedWhileTheDaemonRunsIsMovedAsideAndTrackingGoesOn) {
  ASSERT_NO_FATAL_FAILURE(seed_history());
  DaemonProcess daemon(arguments());
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  {
    // Pages in the middle of the file, mostly intervals, which the daemon has not read yet.
    const auto pages = static_cast<std::streamoff>(fs::file_size(database) / 4096);
    ASSERT_GT(pages, 40) << "the seeded history is too small to damage in the middle";
    std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(pages / 2 * 4096);
    const std::string garbage(8 * 4096, 'x');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  // A report reads them: the daemon meets the damage, moves the file aside and answers from
  // the new one; a change is then written there.
  EXPECT_EQ(ctl({"history", "--days", "7"}), 0);
  ASSERT_EQ(ctl({"pause", "10m"}), 0);
  ASSERT_TRUE(daemon.wait_for_log("moved aside to", 30s)) << daemon.log();
  const auto status =
      run_command({SCREENTIMECTL, "--socket", (socket_dir / "sock").string(), "status", "--json"});
  ASSERT_EQ(status.exit_status, 0) << status.err;
  const auto damage = nlohmann::json::parse(status.out)["database_damage"];
  ASSERT_TRUE(damage.is_string()) << status.out;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
  SQLite::Database check(database.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(check.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(stored_pause_minutes(getuid()), 10);
}

}  // namespace
}  // namespace screentime::testing
