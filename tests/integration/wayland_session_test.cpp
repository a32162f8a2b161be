// The real screentimed in a Wayland session: the test compositor (tests/wayland_compositor)
// stands for the desktop's compositor, the private desktop session's Xvfb (DISPLAY) for its
// Xwayland. The idle protocol the compositor offers decides the source; Xwayland's idle
// counter, which sees only input to X windows, is never taken, whether the session shows
// itself by WAYLAND_DISPLAY or by its logind Type.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
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
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }

  fs::path socket() const { return dir / "control.sock"; }

  json status() {
    const auto result =
        run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out, nullptr, false);
  }

  bool logged(const std::string& text) { return daemon->log().find(text) != std::string::npos; }

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

}  // namespace
}  // namespace screentime::testing
