// The real screentimed on a seeded history (a week across the end of summer time, the day
// starting at 04:00) gives the same `history --json` and `hours --json` as screentimectl reading
// the file with the daemon stopped, apart from the `source` each names.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/temp_dir.hpp"
#include "tests/unit/offline/history_seed.hpp"

namespace screentime::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class OfflineMatchesDaemon : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir / "run");
    fs::permissions(dir / "run", fs::perms::owner_all);
    fs::create_directories(dir / "state" / "screentime");
    fs::create_directories(dir / "config" / "screentime");
    std::ofstream(dir / "config" / "screentime" / "config.toml") << tests::kSeedConfig;
    tests::seed_history(dir / "state" / "screentime" / "history.db", getuid());
    environment = current_environment();
    environment["XDG_RUNTIME_DIR"] = (dir / "run").string();
    environment["XDG_STATE_HOME"] = (dir / "state").string();
    environment["XDG_CONFIG_HOME"] = (dir / "config").string();
    environment["TZ"] = "Europe/Stockholm";
    environment["LC_ALL"] = "C";
  }

  // screentimectl VIEW --from .. --to .. --json in the test's environment, parsed.
  json view(const std::string& name) {
    std::vector<std::string> command = {"env"};
    for (const auto& [key, value] : environment) command.push_back(key + "=" + value);
    for (const char* argument : {SCREENTIMECTL, name.c_str(), "--from", tests::kSeedFrom, "--to",
                                 tests::kSeedTo, "--json"}) {
      command.emplace_back(argument);
    }
    const auto result = run_command(command);
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out, nullptr, false);
  }

  TempDir dir{"screentime-offline"};
  std::map<std::string, std::string> environment;
};

TEST_F(OfflineMatchesDaemon, HistoryAndHoursAreTheSameExceptTheirSource) {
  json offline_history = view("history");
  json offline_hours = view("hours");
  ASSERT_EQ(offline_history.value("source", ""), "history-file");
  ASSERT_EQ(offline_hours.value("source", ""), "history-file");

  DaemonProcess daemon({SCREENTIMED}, environment);
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();
  json daemon_history = view("history");
  json daemon_hours = view("hours");
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0) << daemon.log();

  EXPECT_EQ(daemon_history.value("source", ""), "daemon");
  EXPECT_EQ(daemon_hours.value("source", ""), "daemon");
  for (json* reply : {&offline_history, &offline_hours, &daemon_history, &daemon_hours}) {
    reply->erase("source");
  }
  EXPECT_EQ(daemon_history, offline_history);
  EXPECT_EQ(daemon_hours, offline_hours);
  EXPECT_EQ(daemon_history["days"][3]["date"], "2026-10-24");
  EXPECT_EQ(daemon_history["days"][3]["active_seconds"], 26100);
}

}  // namespace
}  // namespace screentime::testing
