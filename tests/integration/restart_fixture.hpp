#pragma once
// The fixture the restart tests share (peer_restarts_test.cpp, bus_restarts_test.cpp): the real
// screentimed in a folder of its own, its status as screentimectl gives it, and idle then active
// made with the desktop session's input helper. Each test binary defines SCREENTIMED and
// SCREENTIMECTL.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {

class RestartFixture : public ::testing::Test {
 protected:
  explicit RestartFixture(const std::string& folder_prefix) : dir(folder_prefix) {}

  void TearDown() override {
    if (!daemon) return;
    daemon->signal(SIGTERM);
    EXPECT_EQ(daemon->wait_exit(), 0) << daemon->log();
  }

  void start_daemon(const std::string& config_text) {
    const std::filesystem::path config = dir / "config.toml";
    std::ofstream(config) << config_text;
    daemon = std::make_unique<DaemonProcess>(
        std::vector<std::string>{SCREENTIMED, "-v", "--config", config.string(), "--database",
                                 database.string(), "--socket", socket().string()});
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }

  std::filesystem::path socket() const { return dir / "control.sock"; }

  nlohmann::json status() {
    const auto result =
        run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err << daemon->log();
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  // The daemon's status once `done` holds for it; the last one seen after `timeout`.
  nlohmann::json wait_for_status(const std::function<bool(const nlohmann::json&)>& done,
                                 std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    nlohmann::json now = status();
    while (!done(now) && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
      now = status();
    }
    return now;
  }

  // With the X idle source's 2 s threshold the state goes idle by itself; input makes it
  // active. A subscription of its own: no event from before counts.
  void expect_idle_then_active_after_input() {
    StateStream states(socket());
    if (states.initial()["state"] != "idle") {
      ASSERT_FALSE(states.wait_for_state("idle").is_null()) << daemon->log();
    }
    pointer_x += 50;  // somewhere else each time: a move to where the pointer is is no input
    ASSERT_TRUE(run_shell("testenv-input move " + std::to_string(pointer_x) + " 300"));
    ASSERT_FALSE(states.wait_for_state("active").is_null()) << daemon->log();
  }

  TempDir dir;
  const std::filesystem::path database = dir / "history.db";
  std::unique_ptr<DaemonProcess> daemon;
  int pointer_x = 0;
};

}  // namespace screentime::testing
