// The real screentimed while logind holds its answers: a peer that takes
// org.freedesktop.login1 from the test session's mock logind (which allows it, as a restarted
// logind would) and never answers (hung_peer.py). The daemon waits for logind's answers from
// its loop, so its control socket answers at once meanwhile. Each case takes the session's
// logind for good: each runs alone in a session of its own (hung_logind.cmake).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/file_lines.hpp"
#include "tests/integration/script_process.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

class HungLogind : public ::testing::Test {
 protected:
  void TearDown() override {
    if (daemon) {
      daemon->signal(SIGTERM);
      EXPECT_EQ(daemon->wait_exit(), 0) << daemon->log();
    }
  }

  // Starts the daemon, without waiting for its start-up to end.
  void launch_daemon() {
    const fs::path config = dir / "config.toml";
    std::ofstream(config) << "[activity]\nidle_threshold = \"2s\"\n";
    daemon = std::make_unique<DaemonProcess>(std::vector<std::string>{
        SCREENTIMED, "--config", config.string(), "--database", (dir / "history.db").string(),
        "--socket", socket().string(), "-v"});
  }

  // The hung peer takes logind's name; returns once it owns it.
  void hang_logind() {
    logind = std::make_unique<ScriptProcess>(std::vector<std::string>{
        SCREENTIME_HUNG_PEER, "--system", "--replace", "org.freedesktop.login1", calls.string()});
    ASSERT_TRUE(wait_for_file_line(calls, "owner", 10s)) << "the hung peer did not take logind";
  }

  fs::path socket() const { return dir / "control.sock"; }

  // How long `status` takes to answer; it must answer, and with a status.
  std::chrono::milliseconds status_latency() {
    const auto asked = std::chrono::steady_clock::now();
    const auto result =
        run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
    const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - asked);
    std::printf("status answered in %lld ms while logind holds its answer\n",
                static_cast<long long>(latency.count()));
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_TRUE(json::parse(result.out, nullptr, false).is_object()) << result.out;
    return latency;
  }

  TempDir dir{"screentime-hung-logind"};
  const fs::path calls = dir / "logind-calls.log";
  std::unique_ptr<ScriptProcess> logind;
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(HungLogind, StatusAnswersWhileLogindHoldsItsFirstAnswer) {
  hang_logind();
  launch_daemon();
  // The daemon has asked for its session and waits for an answer that will not come.
  ASSERT_TRUE(wait_for_file_line(calls, "GetSession", 10s)) << daemon->log();

  EXPECT_LT(status_latency(), 2s) << daemon->log();  // blocked, it would wait up to 5 s

  // Start-up goes on without logind once the answer is overdue, and says so.
  ASSERT_TRUE(daemon->wait_for_log("logind did not answer in time")) << daemon->log();
  ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
}

TEST_F(HungLogind, StatusAnswersWhileARestartedLogindHoldsItsAnswers) {
  launch_daemon();
  ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  ASSERT_TRUE(daemon->log().find("following logind session c1") != std::string::npos)
      << daemon->log();

  // logind restarts, and the new one never answers: the session is looked for again.
  hang_logind();
  ASSERT_TRUE(daemon->wait_for_log("logind session lost")) << daemon->log();
  ASSERT_TRUE(wait_for_file_line(calls, "GetSession", 10s)) << daemon->log();

  EXPECT_LT(status_latency(), 2s) << daemon->log();
}

}  // namespace
}  // namespace screentime::testing
