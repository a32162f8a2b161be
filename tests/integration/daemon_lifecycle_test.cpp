// The real screentimed, started, stopped, killed and restarted; its history read back
// through the store. Run twice by CTest: inside a private desktop session
// (with-desktop-session) and on a bare environment with no desktop at all.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++found;
  }
  return found;
}

class DaemonLifecycle : public ::testing::Test {
 protected:
  void SetUp() override { database = dir / "history.db"; }

  std::vector<std::string> arguments(const fs::path& config = SCREENTIME_DEFAULT_CONFIG) const {
    return {SCREENTIME_DAEMON,
            "--config",
            config.string(),
            "--database",
            database.string(),
            "--socket",
            (dir / "control.sock").string()};
  }

  std::vector<core::Interval> history() {
    adapters::SqliteStore store(database);
    const auto now = std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
    return store.intervals(getuid(), now - 24h, now + 1h);
  }

  TempDir dir{"screentime-it"};
  fs::path database;
};

TEST_F(DaemonLifecycle, StartsSaysItsActivitySourceOnceAndStopsCleanlyOnSigterm) {
  DaemonProcess daemon(arguments());
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  std::this_thread::sleep_for(200ms);  // some time to account for
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0) << daemon.log();
  EXPECT_EQ(count(daemon.log(), "activity source:"), 1u) << daemon.log();
  EXPECT_NE(daemon.log().find("stopping on SIGTERM"), std::string::npos);

  adapters::SqliteStore store(database);
  const auto last_seen = store.last_seen(getuid());
  ASSERT_TRUE(last_seen);
  EXPECT_FALSE(last_seen->open) << "a clean stop closes the open interval";
  const auto intervals = history();
  ASSERT_FALSE(intervals.empty());
  // In the desktop session the session is unlocked and in front, with X11 input: active.
  // With no desktop there is nothing to observe: unknown, from the fallback.
  const bool desktop = std::getenv("DBUS_SYSTEM_BUS_ADDRESS") != nullptr;
  EXPECT_EQ(intervals.back().state,
            desktop ? core::ActivityState::active : core::ActivityState::unknown);
  EXPECT_EQ(intervals.back().source, desktop ? "x11" : "none");
  // The interval ends where its boot-clock duration takes it; the stop moment is read off
  // the wall clock: the two agree to the clock readings' millisecond rounding.
  EXPECT_LE(std::chrono::abs(intervals.back().end() - last_seen->wall), 2ms);
  EXPECT_GE(intervals.back().duration, 200ms);
}

TEST_F(DaemonLifecycle, SigintStopsCleanlyToo) {
  DaemonProcess daemon(arguments());
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  daemon.signal(SIGINT);
  EXPECT_EQ(daemon.wait_exit(), 0) << daemon.log();
}

TEST_F(DaemonLifecycle, AfterKillNineTheNextStartRecordsTheGapAsUnknown) {
  {
    DaemonProcess first(arguments());
    ASSERT_TRUE(first.wait_for_log("started")) << first.log();
    first.signal(SIGKILL);
    EXPECT_EQ(first.wait_exit(), 128 + SIGKILL);
  }
  DaemonProcess second(arguments());
  ASSERT_TRUE(second.wait_for_log("started")) << second.log();
  second.signal(SIGTERM);
  ASSERT_EQ(second.wait_exit(), 0) << second.log();

  const auto intervals = history();
  const auto gap = std::find_if(intervals.begin(), intervals.end(), [](const auto& interval) {
    return interval.detail == "daemon ended without a clean stop";
  });
  ASSERT_NE(gap, intervals.end());
  EXPECT_EQ(gap->state, core::ActivityState::unknown);
  EXPECT_GT(gap->duration, core::Duration::zero());
  for (const auto& interval : intervals) EXPECT_GE(interval.duration, core::Duration::zero());
}

TEST_F(DaemonLifecycle, BrokenConfigIsLocatedAndTheDefaultsKeepItRunning) {
  const fs::path config = dir / "broken.toml";
  std::ofstream(config) << "[history]\ncheckpoint_interval = \"often\"\n";
  DaemonProcess daemon(arguments(config));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  const std::string& log = daemon.log();
  EXPECT_NE(log.find(config.string() + ":2:23: history.checkpoint_interval: expected"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("keeping the built-in defaults"), std::string::npos) << log;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
}

// docs/storage.md: a spell of write failures is said once; the retries go to the debug log.
TEST_F(DaemonLifecycle, AWriteFailureIsSaidOnceAndWhenWritingWorksAgain) {
  auto with_debug = arguments();
  with_debug.push_back("-v");
  DaemonProcess daemon(with_debug);
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  // Each pause and resume is written at once (the reminders' state).
  const auto ctl = [this](const char* command, const char* argument) {
    std::vector<std::string> words = {SCREENTIMECTL, "--socket", (dir / "control.sock").string(),
                                      command};
    if (*argument) words.emplace_back(argument);
    return run_command(words).exit_status;
  };
  {
    // Another process holds the write lock: every write of the daemon's fails at once.
    SQLite::Database holder(database.string(), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    EXPECT_EQ(ctl("pause", "10m"), 0);
    ASSERT_TRUE(daemon.wait_for_log("could not write history", 20s)) << daemon.log();
    EXPECT_EQ(ctl("resume", ""), 0);
    ASSERT_TRUE(daemon.wait_for_log("history still not written", 20s)) << daemon.log();
    EXPECT_EQ(ctl("pause", "5m"), 0);
    ASSERT_TRUE(daemon.wait_for_log("history still not written", 20s)) << daemon.log();
    holder.exec("COMMIT");
  }
  ASSERT_TRUE(daemon.wait_for_log("history written again; nothing was lost", 30s)) << daemon.log();
  EXPECT_EQ(count(daemon.log(), "could not write history"), 1u) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
}

// An editor that saves by moving the old file away and writing a new one: the watch sees the
// new file empty first. That must not put the defaults in force when the content is bad.
TEST_F(DaemonLifecycle, AnEditorsSaveThroughAnEmptyFileNeverPutsTheDefaultsInForce) {
  const fs::path config = dir / "config.toml";
  std::ofstream(config) << "[goal]\nenabled = true\ndaily = \"2h\"\n";
  DaemonProcess daemon(arguments(config));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  fs::rename(config, dir / "config.toml~");
  std::ofstream{config};  // created, closed empty
  ASSERT_TRUE(daemon.wait_for_log("config file", 10s)) << daemon.log();
  std::ofstream(config) << "[goal]\ndaily = \"soon\"\n";
  ASSERT_TRUE(daemon.wait_for_log("goal.daily: expected", 10s)) << daemon.log();
  const auto got = run_command(
      {SCREENTIMECTL, "--socket", (dir / "control.sock").string(), "config", "get", "--json"});
  ASSERT_EQ(got.exit_status, 0) << got.err;
  const auto reply = nlohmann::json::parse(got.out);
  EXPECT_EQ(reply["in_force"], "last-good") << got.out;
  EXPECT_EQ(reply["config"]["goal"]["daily"], "2h") << got.out;
  EXPECT_EQ(reply["config"]["goal"]["enabled"], true) << got.out;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
}

// The config replaced, as a whole file, by things that are not configs: each is refused with
// a reason, at once (the loop never blocks on it), and the last good config stays in force.
TEST_F(DaemonLifecycle, AConfigReplacedByWhatIsNoConfigKeepsTheLastGoodOneInForce) {
  const fs::path config = dir / "config.toml";
  std::ofstream(config) << "[goal]\nenabled = true\ndaily = \"2h\"\n";
  DaemonProcess daemon(arguments(config));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  const fs::path next = dir / "next.toml";
  const auto replace = [&] { fs::rename(next, config); };
  struct Case {
    const char* name;
    std::function<void()> make;  // makes `next`
    const char* said;            // in the log, why it was refused
  };
  const std::vector<Case> cases = {
      {"garbage", [&] { std::ofstream(next) << std::string(3000, '\x01') << "\n[[[\n"; }, ":1:1: "},
      {"2 MiB", [&] { std::ofstream(next) << std::string(2 * 1024 * 1024, '#'); }, "1 MiB"},
      {"/dev/zero", [&] { fs::create_symlink("/dev/zero", next); }, "not a regular file"},
      {"a FIFO", [&] { ASSERT_EQ(::mkfifo(next.c_str(), 0600), 0); }, "not a regular file"},
      {"a folder",
       [&] {
         fs::create_directory(next);
         fs::remove(config);
       },
       "not a regular file"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    c.make();
    if (fs::is_directory(next)) {
      fs::rename(next, config);
    } else {
      replace();
    }
    ASSERT_TRUE(daemon.wait_for_log("keeping the current config", 10s)) << daemon.log();
    EXPECT_NE(daemon.log().find(c.said), std::string::npos) << daemon.log();
    const auto got = run_command(
        {SCREENTIMECTL, "--socket", (dir / "control.sock").string(), "config", "get", "--json"});
    ASSERT_EQ(got.exit_status, 0) << got.err;
    const auto reply = nlohmann::json::parse(got.out);
    EXPECT_EQ(reply["in_force"], "last-good") << got.out;
    EXPECT_EQ(reply["config"]["goal"]["daily"], "2h") << got.out;
    const auto status = run_command(
        {SCREENTIMECTL, "--socket", (dir / "control.sock").string(), "status", "--json"});
    const auto errors = nlohmann::json::parse(status.out).at("config").at("errors");
    EXPECT_FALSE(errors.empty()) << status.out;
    if (fs::is_directory(config)) fs::remove(config);
  }
  EXPECT_LT(daemon.log().size(), 200u * 1024) << "the refusals are bounded";
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
}

// Emptied on purpose, the file stays empty: after the settle it is taken (the defaults).
TEST_F(DaemonLifecycle, AConfigEmptiedOnPurposeIsTakenOnceItStaysEmpty) {
  const fs::path config = dir / "config.toml";
  std::ofstream(config) << "[goal]\nenabled = true\ndaily = \"2h\"\n";
  DaemonProcess daemon(arguments(config));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  std::ofstream{config};
  ASSERT_TRUE(daemon.wait_for_log("is empty or gone", 10s)) << daemon.log();
  ASSERT_TRUE(daemon.wait_for_log("config file changed, reloading", 10s)) << daemon.log();
  ASSERT_TRUE(daemon.wait_for_log("config loaded from", 10s)) << daemon.log();
  const auto got = run_command(
      {SCREENTIMECTL, "--socket", (dir / "control.sock").string(), "config", "get", "--json"});
  const auto reply = nlohmann::json::parse(got.out);
  EXPECT_EQ(reply["in_force"], "file") << got.out;
  EXPECT_EQ(reply["config"]["goal"]["enabled"], false) << got.out;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
}

// Before: "cannot run: history database …: file is not a database", exit 1 at every start.
TEST_F(DaemonLifecycle, ADamagedHistoryIsMovedAsideAndTrackingGoesOnInANewFile) {
  {
    DaemonProcess first(arguments());
    ASSERT_TRUE(first.wait_for_log("started")) << first.log();
    first.signal(SIGTERM);
    ASSERT_EQ(first.wait_exit(), 0);
  }
  {
    std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
    const std::string garbage(4096, 'x');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  DaemonProcess daemon(arguments());
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  EXPECT_NE(daemon.log().find("moved aside to"), std::string::npos) << daemon.log();
  const auto got =
      run_command({SCREENTIMECTL, "--socket", (dir / "control.sock").string(), "status", "--json"});
  ASSERT_EQ(got.exit_status, 0) << got.err;
  const auto damage = nlohmann::json::parse(got.out)["database_damage"];
  ASSERT_TRUE(damage.is_string()) << got.out;
  EXPECT_NE(damage.get<std::string>().find(".damaged-"), std::string::npos) << got.out;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0);
  EXPECT_FALSE(history().empty()) << "the new file holds this run's history";
}

TEST_F(DaemonLifecycle, SighupReloadsAGoodConfigAndKeepsTheLastGoodOneOtherwise) {
  const fs::path config = dir / "config.toml";
  std::ofstream(config) << "[history]\ncheckpoint_interval = \"1m\"\n";
  DaemonProcess daemon(arguments(config));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  std::ofstream(config) << "[history]\ncheckpoint_interval = \"2m\"\n";
  daemon.signal(SIGHUP);
  EXPECT_TRUE(daemon.wait_for_log("config loaded")) << daemon.log();
  std::ofstream(config) << "[history\n";
  daemon.signal(SIGHUP);
  EXPECT_TRUE(daemon.wait_for_log("keeping the current config")) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0) << daemon.log();
}

TEST_F(DaemonLifecycle, ASecondDaemonForTheSameUserRefusesToStart) {
  DaemonProcess first(arguments());
  ASSERT_TRUE(first.wait_for_log("started")) << first.log();
  DaemonProcess second(arguments());
  EXPECT_EQ(second.wait_exit(), 1);
  EXPECT_NE(second.log().find("another screentimed is already running"), std::string::npos)
      << second.log();
  first.signal(SIGTERM);
  EXPECT_EQ(first.wait_exit(), 0);
  // The refused daemon wrote nothing: no gap was recorded for a "restart".
  for (const auto& interval : history()) {
    EXPECT_NE(interval.detail, "daemon not running");
    EXPECT_NE(interval.detail, "daemon ended without a clean stop");
  }
}

TEST_F(DaemonLifecycle, TellsSystemdWhenReadyAndWhenStopping) {
  const fs::path notify_path = dir / "notify.sock";
  const int listener = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, notify_path.c_str(), sizeof address.sun_path - 1);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  setenv("NOTIFY_SOCKET", notify_path.c_str(), 1);
  DaemonProcess daemon(arguments());
  unsetenv("NOTIFY_SOCKET");
  const auto receive = [listener] {
    pollfd readable{listener, POLLIN, 0};
    if (poll(&readable, 1, 10000) <= 0) return std::string();
    char buffer[256];
    const ssize_t length = recv(listener, buffer, sizeof buffer, 0);
    return length > 0 ? std::string(buffer, static_cast<std::size_t>(length)) : std::string();
  };
  EXPECT_EQ(receive(), "READY=1");
  // READY=1 comes after the socket listens: a client can connect at once.
  EXPECT_TRUE(fs::exists(dir / "control.sock"));
  daemon.signal(SIGTERM);
  EXPECT_EQ(receive(), "STOPPING=1");
  EXPECT_EQ(daemon.wait_exit(), 0);
  close(listener);
}

TEST_F(DaemonLifecycle, UnderJournaldEachLineCarriesItsPriority) {
  DaemonProcess daemon(arguments(), std::nullopt, /*journal_stream=*/true);
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait_exit(), 0);
  EXPECT_EQ(daemon.log().rfind("<6>", 0), 0u) << daemon.log();
  EXPECT_NE(daemon.log().find("\n<6>screentimed stopped"), std::string::npos) << daemon.log();
}

// With no desktop at all: no display, no buses, no runtime dir; a fresh home.
TEST_F(DaemonLifecycle, HeadlessUsesTheDefaultHistoryPathPrivately) {
  const std::map<std::string, std::string> bare = {{"HOME", dir.string()},
                                                   {"PATH", "/usr/bin:/bin"}};
  DaemonProcess daemon({SCREENTIME_DAEMON, "--config", SCREENTIME_DEFAULT_CONFIG}, bare);
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait_exit(), 0) << daemon.log();
  EXPECT_EQ(count(daemon.log(), "activity source:"), 1u);

  const fs::path state_dir = dir / ".local/state/screentime";
  struct stat status {};
  ASSERT_EQ(stat(state_dir.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0700u);
  ASSERT_EQ(stat((state_dir / "history.db").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0600u);
}

}  // namespace
}  // namespace screentime::testing
