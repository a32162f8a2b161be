// The real screentimed and screentimectl in a private desktop session (mock logind, private
// buses): every figure `screentimectl today --json` shows comes from real session events.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Wall time between two helper calls, as the test saw it, in seconds.
double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

class SessionUsage : public ::testing::Test {
 protected:
  void SetUp() override {
    config = dir / "config.toml";
    std::ofstream(config) << "[history]\ncheckpoint_interval = \"5m\"\n";
  }
  void TearDown() override { daemon.reset(); }

  void start_daemon() {
    daemon = std::make_unique<DaemonProcess>(
        std::vector<std::string>{SCREENTIMED, "--config", config.string(), "--database",
                                 (dir / "history.db").string(), "--socket", socket().string()});
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }

  fs::path socket() const { return dir / "control.sock"; }

  CommandResult ctl(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.insert(arguments.begin(), {SCREENTIMECTL, "--socket", socket().string()});
    return run_command(arguments, input);
  }

  json today() {
    const auto result = ctl({"today", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out);
  }

  static void helper(const std::string& command) {
    const auto result = run_command({"sh", "-c", command});
    ASSERT_EQ(result.exit_status, 0) << command << ": " << result.err;
  }

  TempDir dir{"screentime-e2e"};
  fs::path config;
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(SessionUsage, LockAndUnlockAreCountedAsTheyHappen) {
  start_daemon();
  StateStream states(socket());
  ASSERT_EQ(states.initial().value("state", ""), "active") << states.initial().dump();

  const auto locked_at = Clock::now();
  helper("testenv-logind lock");
  ASSERT_FALSE(states.wait_for_state("locked").is_null()) << daemon->log();
  std::this_thread::sleep_for(3s);
  const auto unlocked_at = Clock::now();
  helper("testenv-logind unlock");
  ASSERT_FALSE(states.wait_for_state("active").is_null()) << daemon->log();

  const auto figures = today();
  EXPECT_EQ(figures["state"], "active");
  EXPECT_NEAR(figures["locked_seconds"].get<double>(), seconds_between(locked_at, unlocked_at), 1.5)
      << figures.dump();
}

TEST_F(SessionUsage, SwitchingAwayCountsAsLocked) {
  start_daemon();
  StateStream states(socket());
  helper("testenv-logind active false");
  const auto event = states.wait_for_state("locked");
  ASSERT_FALSE(event.is_null()) << daemon->log();
  EXPECT_EQ(event["source"], "session-inactive");
  helper("testenv-logind active true");
  EXPECT_FALSE(states.wait_for_state("active").is_null());
}

TEST_F(SessionUsage, SleepAndWakeAreCountedAsAsleep) {
  start_daemon();
  StateStream states(socket());
  const auto slept_at = Clock::now();
  helper("testenv-logind sleep");
  ASSERT_FALSE(states.wait_for_state("asleep").is_null()) << daemon->log();
  std::this_thread::sleep_for(2s);
  const auto woke_at = Clock::now();
  helper("testenv-logind wake");
  ASSERT_FALSE(states.wait_for_state("active").is_null()) << daemon->log();
  const auto figures = today();
  EXPECT_NEAR(figures["asleep_seconds"].get<double>(), seconds_between(slept_at, woke_at), 1.5)
      << figures.dump();
}

TEST_F(SessionUsage, KillNineThenRestartGivesUnknownForTheGap) {
  start_daemon();
  daemon->signal(SIGKILL);
  ASSERT_EQ(daemon->wait_exit(), 128 + SIGKILL);
  const auto killed_at = Clock::now();
  std::this_thread::sleep_for(2s);
  const auto restarted_at = Clock::now();
  start_daemon();
  const auto figures = today();
  EXPECT_NEAR(figures["unknown_seconds"].get<double>(), seconds_between(killed_at, restarted_at),
              1.5)
      << figures.dump();
}

TEST_F(SessionUsage, ABadConfigEditIsReportedWithItsLineAndTheOldConfigStays) {
  start_daemon();
  // Editors save by writing a new file and renaming it over the old one.
  std::ofstream(dir / "config.new") << "[history]\n\ncheckpoint_interval = \"soon\"\n";
  fs::rename(dir / "config.new", config);
  ASSERT_TRUE(daemon->wait_for_log("keeping the current config")) << daemon->log();

  const auto check = ctl({"config", "check"});
  EXPECT_EQ(check.exit_status, 1);
  EXPECT_NE(check.out.find(config.string() + ":3:23: error: history.checkpoint_interval"),
            std::string::npos)
      << check.out;
  const auto in_force = json::parse(ctl({"config", "get", "--json"}).out);
  EXPECT_EQ(in_force["config"]["history"]["checkpoint_interval"], "5m");
  EXPECT_EQ(in_force["in_force"], "last-good");
}

TEST_F(SessionUsage, ReadCommandsAnswerInTextAndJson) {
  start_daemon();
  const auto status = ctl({"status"});
  EXPECT_EQ(status.exit_status, 0) << status.err;
  EXPECT_NE(status.out.find("active since"), std::string::npos) << status.out;
  const auto waybar = json::parse(ctl({"status", "--format", "waybar"}).out);
  EXPECT_EQ(waybar["class"], "active");
  const auto week = json::parse(ctl({"week", "--json"}).out);
  ASSERT_FALSE(week["days"].empty());
  EXPECT_EQ(week["days"].back()["date"], today()["date"]);
  EXPECT_EQ(json::parse(ctl({"week", "--days", "3", "--json"}).out)["days"].size(), 3u);
  const auto csv = ctl({"export", "--csv"});
  EXPECT_EQ(csv.out.rfind("state,start,end,duration_ms,source,detail\n", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("\nactive,"), std::string::npos) << csv.out;
  EXPECT_TRUE(json::parse(ctl({"export", "--json"}).out).is_array());
  EXPECT_EQ(ctl({"week", "--days", "0"}).exit_status, 2) << "bad usage";
  // The other views of the same figures, each ending today.
  const auto month = json::parse(ctl({"month", "--json"}).out);
  EXPECT_EQ(month["days"].back()["date"], today()["date"]);
  EXPECT_TRUE(month["summary"].contains("busiest_day")) << month.dump();
  EXPECT_TRUE(month["summary"].contains("longest_stretch_seconds")) << month.dump();
  const auto history = ctl({"history", "--days", "2", "--csv"});
  EXPECT_EQ(history.out.rfind("date,active_seconds,idle_seconds,locked_seconds,asleep_seconds,"
                              "unknown_seconds,breaks_taken,reminders_shown\n",
                              0),
            0u)
      << history.out;
  EXPECT_NE(history.out.find("\n" + today()["date"].get<std::string>() + ","), std::string::npos)
      << history.out;
  const auto hours = json::parse(ctl({"hours", "--days", "1", "--json"}).out);
  ASSERT_EQ(hours["weekdays"].size(), 7u) << hours.dump();
  EXPECT_EQ(hours["weekdays"][0]["active_seconds"].size(), 24u);
  EXPECT_EQ(hours["to"], today()["date"]);
  EXPECT_EQ(ctl({"history", "--from", "2026-02-30"}).exit_status, 2) << "not a date";
  const auto text = ctl({"history", "--days", "3"});
  EXPECT_NE(text.out.find("average"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << "no colour off a terminal";
}

TEST_F(SessionUsage, AReportIsDrawnFromTheDaemonsFiguresInEachFormat) {
  start_daemon();
  const fs::path png = dir / "week.png";
  const auto week = ctl({"report", "--output", png.string()});
  ASSERT_EQ(week.exit_status, 0) << week.err;
  EXPECT_EQ(week.out, png.string() + "\n");
  std::ifstream in(png, std::ios::binary);
  std::string header(24, '\0');
  in.read(header.data(), 24);
  EXPECT_EQ(header.substr(1, 3), "PNG");
  // IHDR: the width, big-endian, at byte 16.
  const auto byte = [&header](int at) { return static_cast<unsigned char>(header[at]); };
  EXPECT_EQ((byte(16) << 24) | (byte(17) << 16) | (byte(18) << 8) | byte(19), 960);
  const auto month = ctl({"report", "--month", "--previous", "--theme", "dark", "--output",
                          (dir / "month.svg").string()});
  ASSERT_EQ(month.exit_status, 0) << month.err;
  EXPECT_GT(fs::file_size(dir / "month.svg"), 1000u);
  const auto pdf = ctl({"report", "--date", "2026-03-29", "--output", (dir / "w.pdf").string()});
  ASSERT_EQ(pdf.exit_status, 0) << pdf.err;
  EXPECT_EQ(ctl({"report", "--output", (dir / "week.gif").string()}).exit_status, 2);
  EXPECT_EQ(ctl({"report", "--week", "--month"}).exit_status, 2);
  const auto unwritable = ctl({"report", "--output", (dir / "no" / "week.png").string()});
  EXPECT_EQ(unwritable.exit_status, 1);
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
}

TEST_F(SessionUsage, ForgetAsksFirstAndThenForgets) {
  start_daemon();
  std::this_thread::sleep_for(100ms);
  helper("testenv-logind lock");
  StateStream states(socket());
  ASSERT_EQ(states.initial().value("state", ""), "locked");
  const auto declined = ctl({"forget", "--all"}, "n\n");
  EXPECT_EQ(declined.exit_status, 1);
  EXPECT_NE(declined.out.find("Nothing was deleted"), std::string::npos);
  EXPECT_GT(json::parse(ctl({"export", "--json"}).out).size(), 1u);
  const auto done = ctl({"forget", "--all", "--yes"});
  EXPECT_EQ(done.exit_status, 0) << done.err;
  // Only the running interval is left.
  EXPECT_EQ(json::parse(ctl({"export", "--json"}).out).size(), 1u);
  helper("testenv-logind unlock");
}

TEST_F(SessionUsage, WithoutTheDaemonTheClientSaysHowToStartIt) {
  const auto result = ctl({"status"});
  EXPECT_EQ(result.exit_status, 3);
  EXPECT_NE(result.err.find("systemctl --user start screentimed"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line";
}

}  // namespace
}  // namespace screentime::testing
