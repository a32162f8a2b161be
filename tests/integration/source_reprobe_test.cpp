// The real screentimed finding input idle sources that appear after its start, switching to a
// better one, and replacing one lost for good after the grace period (shortened to 3 s here
// through SCREENTIME_INPUT_SOURCE_GRACE_MS). The daemon runs without DISPLAY, so no X11
// source; the test starts and stops the session's ScreenSaver and Mutter IdleMonitor mocks
// itself (lib/mock-main.py, which owns the bus name only once the mock is built).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/file_lines.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kScreenSaver = "org.freedesktop.ScreenSaver";
constexpr const char* kMutter = "org.gnome.Mutter.IdleMonitor";
constexpr auto kGrace = 3s;

// One of the test session's mocks, run by the test: on the bus once the constructor returns,
// gone (name and all) once stop() returns.
class MockService {
 public:
  MockService(const std::string& template_file, const std::string& bus_name, const fs::path& log)
      : MockService(bus_name, {SCREENTIME_TESTENV_LIB "/mock-main.py", "session",
                               SCREENTIME_TESTENV_LIB "/" + template_file, log.string()}) {}
  // Runs the python script `arguments` (its path first) instead, which takes `bus_name`.
  MockService(const std::string& bus_name, std::vector<std::string> arguments) {
    const char* python = std::getenv("SCREENTIME_TESTENV_PYTHON");
    arguments.insert(arguments.begin(), python != nullptr ? python : "python3");
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    // An event, not a sleep: gdbus returns when the name is owned.
    ready_ = run_shell("gdbus wait --session --timeout 10 " + bus_name);
  }
  ~MockService() { stop(); }
  MockService(const MockService&) = delete;
  MockService& operator=(const MockService&) = delete;

  bool ready() const { return ready_; }
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);  // its connection, and with it the name, is gone
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
};

// An X server of the test's own on a display number nobody uses yet, so that the daemon can
// be told its DISPLAY before it exists.
class OwnXServer {
 public:
  static int free_display() {
    for (int number = 90; number < 200; ++number) {
      const auto n = std::to_string(number);
      if (!fs::exists("/tmp/.X" + n + "-lock") && !fs::exists("/tmp/.X11-unix/X" + n)) {
        return number;
      }
    }
    return -1;
  }
  explicit OwnXServer(int number) {
    const std::string display = ":" + std::to_string(number);
    pid_ = fork();
    if (pid_ == 0) {
      execlp("Xvfb", "Xvfb", display.c_str(), "-nolisten", "tcp", "-screen", "0", "640x480x24",
             static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~OwnXServer() { stop(); }
  OwnXServer(const OwnXServer&) = delete;
  OwnXServer& operator=(const OwnXServer&) = delete;

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);  // Xvfb removes its socket as it exits
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

class SourceReprobe : public ::testing::Test {
 protected:
  void TearDown() override {
    if (daemon) {
      daemon->signal(SIGTERM);
      EXPECT_EQ(daemon->wait_exit(), 0) << daemon->log();
    }
  }

  // `display`: the daemon's DISPLAY (none by default: no X11 source).
  void start_daemon(const std::string& display = "") {
    const fs::path config = dir / "config.toml";
    std::ofstream(config) << "[activity]\nidle_threshold = \"2s\"\n";
    std::map<std::string, std::string> environment = current_environment();
    environment.erase("DISPLAY");
    if (!display.empty()) environment["DISPLAY"] = display;
    environment["SCREENTIME_INPUT_SOURCE_GRACE_MS"] =
        std::to_string(std::chrono::milliseconds(kGrace).count());
    daemon = std::make_unique<DaemonProcess>(
        std::vector<std::string>{SCREENTIMED, "--config", config.string(), "--database",
                                 (dir / "history.db").string(), "--socket", socket().string(),
                                 "-v"},
        environment);
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }

  fs::path socket() const { return dir / "control.sock"; }

  // activity.input from status: the source's name, or "" for none.
  std::string input() {
    const auto result =
        run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    const json status = json::parse(result.out, nullptr, false);
    const json& value = status["activity"]["input"];
    return value.is_string() ? value.get<std::string>() : "";
  }

  // Asks status until activity.input is `expected`; how long that took, or nothing on timeout.
  std::optional<std::chrono::milliseconds> wait_for_input(const std::string& expected,
                                                          std::chrono::milliseconds timeout) {
    const auto start = std::chrono::steady_clock::now();
    while (true) {
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      if (input() == expected) return waited;
      if (waited > timeout) return std::nullopt;
      std::this_thread::sleep_for(50ms);
    }
  }

  std::unique_ptr<MockService> mock(const std::string& template_file, const char* bus_name) {
    auto service = std::make_unique<MockService>(template_file, bus_name,
                                                 dir / (template_file + "-calls.log"));
    EXPECT_TRUE(service->ready()) << bus_name << " did not appear";
    return service;
  }

  bool logged(const std::string& text) { return daemon->log().find(text) != std::string::npos; }

  TempDir dir{"screentime-reprobe"};
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(SourceReprobe, NoSourceAtStartThenTheScreenSaverAppearsAndIsUsed) {
  start_daemon();
  EXPECT_EQ(input(), "");
  EXPECT_TRUE(logged("alone")) << daemon->log();
  StateStream states(socket());

  const auto screensaver = mock("screensaver-template.py", kScreenSaver);
  const auto switched = wait_for_input("screensaver", 2s);
  ASSERT_TRUE(switched) << daemon->log();
  EXPECT_TRUE(logged("org.freedesktop.ScreenSaver on the session bus appeared")) << daemon->log();

  // Its reports reach the daemon: no input past the 2 s threshold is idle, by the screen saver.
  const auto idle = states.wait_for_state("idle", 8s);
  ASSERT_FALSE(idle.is_null()) << daemon->log();
  EXPECT_EQ(idle["source"], "screensaver") << idle.dump();
}

TEST_F(SourceReprobe, ABetterSourceReplacesTheCurrentOneAndALostOneFallsBackAfterTheGrace) {
  const auto screensaver = mock("screensaver-template.py", kScreenSaver);
  start_daemon();
  ASSERT_EQ(input(), "screensaver") << daemon->log();

  auto mutter = mock("gnome-idle-template.py", kMutter);
  ASSERT_TRUE(wait_for_input("gnome", 2s)) << daemon->log();
  EXPECT_TRUE(
      logged("replaces screensaver: org.gnome.Mutter.IdleMonitor on the session bus "
             "appeared"))
      << daemon->log();

  // Mutter goes for good: kept through the grace period, then the next best takes over.
  mutter->stop();
  ASSERT_TRUE(daemon->wait_for_log("input idle source lost")) << daemon->log();
  EXPECT_EQ(input(), "gnome");
  ASSERT_TRUE(wait_for_input("screensaver", kGrace + 3s)) << daemon->log();
  EXPECT_TRUE(logged("replaces gnome: gnome was lost")) << daemon->log();
  EXPECT_TRUE(logged("has not come back in 3s")) << daemon->log();

  // The screen saver goes too: nothing else is left, so the session alone.
  screensaver->stop();
  ASSERT_TRUE(wait_for_input("", kGrace + 3s)) << daemon->log();
  EXPECT_TRUE(logged("no input idle source: screensaver was lost")) << daemon->log();
}

TEST_F(SourceReprobe, ASourceBackWithinTheGraceIsKept) {
  const auto screensaver = mock("screensaver-template.py", kScreenSaver);
  auto mutter = mock("gnome-idle-template.py", kMutter);
  start_daemon();
  ASSERT_EQ(input(), "gnome") << daemon->log();

  // Mutter restarts: gone, then back within the grace period.
  mutter->stop();
  ASSERT_TRUE(daemon->wait_for_log("input idle source lost")) << daemon->log();
  mutter = mock("gnome-idle-template.py", kMutter);
  ASSERT_TRUE(daemon->wait_for_log("is on the session bus again")) << daemon->log();
  std::this_thread::sleep_for(kGrace + 1s);  // the grace period runs out without a switch
  EXPECT_EQ(input(), "gnome") << daemon->log();
  EXPECT_FALSE(logged("has not come back")) << daemon->log();
}

TEST_F(SourceReprobe, AnXServerAppearingIsUsedAndOneGoneForGoodIsReplaced) {
  const int number = OwnXServer::free_display();
  ASSERT_GE(number, 0);
  const auto screensaver = mock("screensaver-template.py", kScreenSaver);
  start_daemon(":" + std::to_string(number));
  ASSERT_EQ(input(), "screensaver") << daemon->log();

  // Its socket appears: X11 is more precise than the polled screen saver.
  auto x_server = std::make_unique<OwnXServer>(number);
  ASSERT_TRUE(wait_for_input("x11", 10s)) << daemon->log();
  EXPECT_TRUE(
      logged("replaces screensaver: /tmp/.X11-unix/X" + std::to_string(number) + " appeared"))
      << daemon->log();

  // The server goes for good (its socket with it): after the grace period, the screen saver.
  x_server->stop();
  ASSERT_TRUE(daemon->wait_for_log("input idle source lost")) << daemon->log();
  ASSERT_TRUE(wait_for_input("screensaver", kGrace + 3s)) << daemon->log();
  EXPECT_TRUE(logged("replaces x11: x11 was lost")) << daemon->log();
}

// A service that takes its name and then never answers (hung_peer.py holds every call): the
// daemon tries it as it appears, and must go on answering its socket at once meanwhile.
TEST_F(SourceReprobe, AHungServiceAppearingLeavesStatusAnswering) {
  start_daemon();
  ASSERT_EQ(input(), "") << daemon->log();

  const fs::path calls = dir / "hung-calls.log";
  MockService hung(kMutter, {SCREENTIME_HUNG_PEER, kMutter, calls.string()});
  ASSERT_TRUE(hung.ready());
  // The daemon has asked it (AddIdleWatch) and waits for an answer that will not come.
  ASSERT_TRUE(wait_for_file_line(calls, "AddIdleWatch", 5s)) << daemon->log();

  const auto asked = std::chrono::steady_clock::now();
  const auto status =
      run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
  const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - asked);
  std::printf("status answered in %lld ms while the hung peer holds its reply\n",
              static_cast<long long>(latency.count()));
  EXPECT_EQ(status.exit_status, 0) << status.err;
  EXPECT_TRUE(json::parse(status.out, nullptr, false).is_object()) << status.out;
  EXPECT_LT(latency, 2s) << daemon->log();  // blocked, it would take the call's 5 s timeout

  // It never answered: absent, said once, and nothing switched to it.
  ASSERT_TRUE(daemon->wait_for_log("did not answer")) << daemon->log();
  EXPECT_EQ(input(), "") << daemon->log();
}

}  // namespace
}  // namespace screentime::testing
