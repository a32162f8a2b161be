// The real screentimed in a Wayland session: the test compositor (tests/wayland_compositor)
// stands for the desktop's compositor, the private desktop session's Xvfb (DISPLAY) for its
// Xwayland. The idle protocol the compositor offers decides the source; Xwayland's idle
// counter, which sees only input to X windows, is never taken, whether the session shows
// itself by WAYLAND_DISPLAY or by its logind Type.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/file_lines.hpp"
#include "tests/integration/script_process.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"
#include "tests/wayland_compositor/compositor_process.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

class WaylandSession : public ::testing::Test {
 protected:
  void TearDown() override {
    if (daemon) {
      daemon->signal(SIGTERM);
      EXPECT_EQ(daemon->wait_exit(), 0) << daemon->log();
    }
  }

  // The session's environment (DISPLAY, buses, XDG_RUNTIME_DIR) with `changes` made to it.
  void start_daemon(const std::map<std::string, std::string>& changes) {
    launch_daemon(changes);
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }

  // The same, without waiting for its start-up to end.
  void launch_daemon(const std::map<std::string, std::string>& changes) {
    const fs::path config = dir / "config.toml";
    std::ofstream(config) << "[activity]\nidle_threshold = \"2s\"\n";
    std::map<std::string, std::string> environment = current_environment();
    for (const auto& [name, value] : changes) environment[name] = value;
    ASSERT_FALSE(environment["DISPLAY"].empty()) << "the session's X server stands for Xwayland";
    daemon = std::make_unique<DaemonProcess>(
        std::vector<std::string>{SCREENTIMED, "--config", config.string(), "--database",
                                 (dir / "history.db").string(), "--socket", socket().string(),
                                 "-v"},
        environment);
  }

  fs::path socket() const { return dir / "control.sock"; }

  json status() {
    const auto result =
        run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out, nullptr, false);
  }

  // How long `status` takes to answer; it must answer, and with a status.
  std::chrono::milliseconds status_latency() {
    const auto asked = std::chrono::steady_clock::now();
    const json answer = status();
    const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - asked);
    std::printf("status answered in %lld ms while the compositor holds its answer\n",
                static_cast<long long>(latency.count()));
    EXPECT_TRUE(answer.is_object()) << answer.dump();
    return latency;
  }

  bool logged(const std::string& text) { return daemon->log().find(text) != std::string::npos; }

  // A compositor socket in the session's XDG_RUNTIME_DIR, as WAYLAND_DISPLAY names it.
  static fs::path runtime_socket(const std::string& name) {
    const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
    return fs::path(runtime_dir != nullptr ? runtime_dir : "/nonexistent") / name;
  }

  TempDir dir{"screentime-wayland-session"};
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(WaylandSession, ASwayLikeCompositorIsWatchedThroughKdeIdle) {
  CompositorProcess compositor(SCREENTIME_TEST_COMPOSITOR, {"--idle", "kde"});
  start_daemon({{"WAYLAND_DISPLAY", compositor.socket()}});
  const json now = status();
  EXPECT_EQ(now["activity"]["input"], "wayland") << daemon->log();
  EXPECT_EQ(now["activity_source"].get<std::string>().rfind(
                "Wayland org_kde_kwin_idle on " + compositor.socket(), 0),
            0u)
      << now.dump();
  EXPECT_TRUE(logged("activity source: Wayland org_kde_kwin_idle on " + compositor.socket()))
      << daemon->log();

  // Away, and back: both reach the daemon through the compositor.
  StateStream states(socket());
  ASSERT_TRUE(compositor.send("idle"));
  const json idle = states.wait_for_state("idle", 5s);
  ASSERT_FALSE(idle.is_null()) << daemon->log();
  EXPECT_EQ(idle["source"], "wayland") << idle.dump();
  ASSERT_TRUE(compositor.send("input"));
  EXPECT_FALSE(states.wait_for_state("active", 5s).is_null()) << daemon->log();
}

TEST_F(WaylandSession, XwaylandIsNotTheSourceWhenWaylandDisplayIsSet) {
  // A compositor with no idle protocol the daemon knows, and no GNOME or screen saver
  // service: the session alone is better than a counter blind to Wayland windows.
  CompositorProcess compositor(SCREENTIME_TEST_COMPOSITOR, {"--idle", "none"});
  start_daemon({{"WAYLAND_DISPLAY", compositor.socket()}});
  EXPECT_TRUE(status()["activity"]["input"].is_null()) << daemon->log();
  EXPECT_TRUE(
      logged("not using X11 XSync IDLETIME: this is a Wayland session (WAYLAND_DISPLAY is "
             "\"" +
             compositor.socket() + "\")"))
      << daemon->log();
  EXPECT_FALSE(logged("activity source: X11")) << daemon->log();
}

TEST_F(WaylandSession, XwaylandIsNotTheSourceWhenLogindSaysWayland) {
  // A service started without WAYLAND_DISPLAY still runs in the user's Wayland session.
  ASSERT_TRUE(run_shell("testenv-logind add-session c2 " + std::to_string(getuid()) +
                        " --type wayland --active true"));
  start_daemon({{"XDG_SESSION_ID", "c2"}, {"WAYLAND_DISPLAY", ""}});
  EXPECT_TRUE(status()["activity"]["input"].is_null()) << daemon->log();
  EXPECT_TRUE(logged("logind session c2 (wayland)")) << daemon->log();
  EXPECT_TRUE(
      logged("not using X11 XSync IDLETIME: this is a Wayland session (the logind "
             "session's type is wayland)"))
      << daemon->log();
  EXPECT_FALSE(logged("activity source: X11")) << daemon->log();
}

// A compositor that takes the connection and never answers (hung_compositor.py): connecting
// waits for its answer from the loop, so the daemon answers its socket at once meanwhile, and
// takes the compositor as absent once the answer is overdue.
TEST_F(WaylandSession, AHungCompositorAtStartLeavesStatusAnswering) {
  const std::string name = "wayland-hung-at-start";
  const fs::path accepts = dir / "accepts.log";
  ScriptProcess compositor(
      {SCREENTIME_HUNG_COMPOSITOR, runtime_socket(name).string(), accepts.string()});
  ASSERT_TRUE(wait_for_file_line(accepts, "listening", 10s));
  launch_daemon({{"WAYLAND_DISPLAY", name}});
  ASSERT_TRUE(wait_for_file_line(accepts, "accepted", 10s)) << daemon->log();

  EXPECT_LT(status_latency(), 2s) << daemon->log();  // blocked, it would wait up to 5 s

  // Start-up goes on without it, and says so once the answer is overdue.
  ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  EXPECT_TRUE(
      logged("wayland: the compositor did not answer in time; not using Wayland idle "
             "notifications"))
      << daemon->log();
  EXPECT_TRUE(status()["activity"]["input"].is_null()) << daemon->log();
}

TEST_F(WaylandSession, AHungCompositorAfterAReconnectLeavesStatusAnswering) {
  CompositorProcess compositor(SCREENTIME_TEST_COMPOSITOR, {});
  start_daemon({{"WAYLAND_DISPLAY", compositor.socket()}});
  ASSERT_EQ(status()["activity"]["input"], "wayland") << daemon->log();

  // The compositor crashes, and one that never answers comes up on its socket.
  compositor.kill();
  ASSERT_TRUE(daemon->wait_for_log("reconnecting in")) << daemon->log();
  const fs::path accepts = dir / "accepts.log";
  ScriptProcess hung(
      {SCREENTIME_HUNG_COMPOSITOR, runtime_socket(compositor.socket()).string(), accepts.string()});
  ASSERT_TRUE(wait_for_file_line(accepts, "accepted", 10s)) << daemon->log();

  EXPECT_LT(status_latency(), 2s) << daemon->log();  // blocked, it would wait up to 5 s

  // Its answer overdue, the reconnecting goes on.
  ASSERT_TRUE(daemon->wait_for_log("reconnecting failed (the compositor did not answer in time)"))
      << daemon->log();
}

}  // namespace
}  // namespace screentime::testing
