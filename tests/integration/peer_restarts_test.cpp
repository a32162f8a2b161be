// The real screentimed while the peers of a private desktop session go away and come back: the
// notification server, logind and the X server, each restarted by the session's helpers. The
// daemon must say what it lost, keep running and answering, take the new peer up, and keep
// every interval it had written. Each case runs in a session of its own (peer_restarts.cmake):
// the X server's restart replaces it for the rest of the session.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/restart_fixture.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"
#include "tests/integration/typist.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr auto kEyeSummary = "Time for an eye break";

// The notifications the session's server was sent, as its recorder saw them.
json notifications() { return json::parse(shell_output("testenv-notifications list")); }

// Waits for a notification whose summary contains `text`, sent to the `server`-th server the
// session started (1: the first). Null after `timeout`.
json wait_for_notification(const std::string& text, int server, std::chrono::seconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    for (const auto& n : notifications()) {
      if (n.value("server", 0) == server &&
          n["summary"].get<std::string>().find(text) != std::string::npos) {
        return n;
      }
    }
    // The recorder has no event to wait on from here; its list is read again.
    std::this_thread::sleep_for(100ms);
  }
  return nullptr;
}

class PeerRestarts : public RestartFixture {
 protected:
  PeerRestarts() : RestartFixture("screentime-peers") {}

  // What the history holds now (read-only: the daemon keeps writing it).
  std::vector<core::Interval> history() {
    adapters::SqliteStoreOptions options;
    options.read_only = true;
    adapters::SqliteStore store(database, options);
    const auto now = std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
    return store.intervals(getuid(), now - 24h, now + 1h);
  }

  // Stops the daemon, then checks its history: every interval of `before` is still there as it
  // was, some time came after it, and no two intervals overlap.
  void expect_history_kept(const std::vector<core::Interval>& before) {
    daemon->signal(SIGTERM);
    ASSERT_EQ(daemon->wait_exit(), 0) << daemon->log();
    const std::string log = daemon->log();
    daemon.reset();
    auto after = history();
    for (const auto& kept : before) {
      EXPECT_NE(std::find(after.begin(), after.end(), kept), after.end())
          << "lost: " << core::to_string(kept.state) << " from " << kept.source << "\n"
          << log;
    }
    EXPECT_GT(after.size(), before.size()) << log;
    std::sort(after.begin(), after.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < after.size(); ++i) {
      EXPECT_GE(after[i].duration, core::Duration::zero());
      if (i + 1 < after.size()) {
        EXPECT_LE(after[i].end(), after[i + 1].start)
            << "interval " << i << " (" << core::to_string(after[i].state) << ", "
            << after[i].source << ") overlaps the next (" << core::to_string(after[i + 1].state)
            << ", " << after[i + 1].source << ")";
      }
    }
  }
};

constexpr auto kShortIdle = "[activity]\nidle_threshold = \"2s\"\n";

TEST_F(PeerRestarts, AReminderIsShownAgainByARestartedNotificationServer) {
  start_daemon(
      "[breaks]\nsnooze = \"5s\"\nmin_gap = \"1s\"\n[breaks.movement]\nenabled = false\n"
      "[breaks.eye]\nevery = \"3s\"\nlength = \"2s\"\n");
  Typist typist;  // the break stays due while the user goes on
  ASSERT_FALSE(wait_for_notification(kEyeSummary, 1, 20s).is_null()) << daemon->log();

  ASSERT_TRUE(run_shell("testenv-notifications stop-server"));
  ASSERT_TRUE(daemon->wait_for_log("notification server gone")) << daemon->log();
  const auto without = status();
  ASSERT_TRUE(without.is_object());
  EXPECT_FALSE(without["breaks"]["visible"].is_null()) << "the break is still due";

  ASSERT_TRUE(run_shell("testenv-notifications start-server"));
  ASSERT_TRUE(daemon->wait_for_log("notification server libnotify (dunst")) << daemon->log();
  EXPECT_FALSE(wait_for_notification(kEyeSummary, 2, 10s).is_null())
      << "not shown on the new server\n"
      << daemon->log();
  const auto after = status();
  ASSERT_TRUE(after.is_object());
  EXPECT_NE(after["breaks"]["notifier"].get<std::string>().find("dunst"), std::string::npos)
      << after.dump();
}

TEST_F(PeerRestarts, TrackingGoesOnThroughALogindRestart) {
  start_daemon(kShortIdle);
  ASSERT_TRUE(daemon->log().find("following logind session c1") != std::string::npos)
      << daemon->log();
  expect_idle_then_active_after_input();
  const auto before = history();
  ASSERT_FALSE(before.empty()) << daemon->log();

  ASSERT_TRUE(run_shell("testenv-logind restart"));
  ASSERT_TRUE(daemon->wait_for_log("logind session lost")) << daemon->log();
  ASSERT_TRUE(daemon->wait_for_log("following logind session c1")) << daemon->log();
  EXPECT_TRUE(wait_for_status([](const json& s) {
                return s["activity"]["session"] == true;
              })["activity"]["session"] == true);

  expect_idle_then_active_after_input();
  expect_history_kept(before);
}

// Last in its session: the X server it restarts replaces the session's. The session starts
// the new one on the same display number; another session starting meanwhile could take that
// number, so CTest runs this case alone (peer_restarts.cmake).
TEST_F(PeerRestarts, InputIsSeenAgainAfterTheXServerRestarts) {
  start_daemon(kShortIdle);
  ASSERT_TRUE(daemon->log().find("activity source: X11") != std::string::npos) << daemon->log();
  expect_idle_then_active_after_input();
  const auto before = history();
  ASSERT_FALSE(before.empty()) << daemon->log();

  // The session starts dunst again as soon as it takes the new X server for ready, which can
  // be before that server accepts connections: dunst then aborts and the restart fails. This
  // case needs no notification server, so none is restarted with the display.
  ASSERT_TRUE(run_shell("testenv-notifications stop-server"));
  const auto restart = run_command({"testenv-x", "restart"});
  ASSERT_EQ(restart.exit_status, 0) << restart.err;
  ASSERT_TRUE(daemon->wait_for_log("input idle source lost")) << daemon->log();
  ASSERT_TRUE(daemon->wait_for_log("reconnecting")) << daemon->log();
  ASSERT_TRUE(daemon->wait_for_log("X11: connected to display")) << daemon->log();

  expect_idle_then_active_after_input();
  EXPECT_EQ(status()["activity"]["input"], "x11");
  expect_history_kept(before);
}

}  // namespace
}  // namespace screentime::testing
