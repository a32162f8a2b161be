// The real screentimed while its D-Bus buses go away and come back at the same address. The
// desktop session has no helper for that, so each case runs a bus of its own (dbus-daemon at a
// fixed socket path) in place of the session's system or session bus, with the session's mock
// logind or python-dbusmock's notification server on it; X and the other bus stay the
// session's. The daemon must neither exit nor spin while a bus is gone, say what it lost once,
// and go on tracking with what it still has.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/restart_fixture.hpp"
#include "tests/integration/script_process.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"
#include "tests/integration/typist.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++found;
  }
  return found;
}

// A dbus-daemon of the test's own, listening at one socket path, so that a new one started
// after stop() is at the same address (as a restarted system or session bus is).
class PrivateBus {
 public:
  explicit PrivateBus(const fs::path& socket) : address_("unix:path=" + socket.string()) {}
  ~PrivateBus() { stop(); }
  PrivateBus(const PrivateBus&) = delete;
  PrivateBus& operator=(const PrivateBus&) = delete;

  const std::string& address() const { return address_; }

  // Returns once the bus listens (it prints its address then).
  bool start() {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return false;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDERR_FILENO);  // "cannot raise the fd limit", as a non-root user
      execlp("dbus-daemon", "dbus-daemon", "--session", ("--address=" + address_).c_str(),
             "--nofork", "--print-address", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    pollfd readable{out[0], POLLIN, 0};
    char line[512];
    const bool ready = poll(&readable, 1, 10'000) == 1 && read(out[0], line, sizeof line) > 0;
    close(out[0]);
    return ready;
  }

  // SIGTERM, and waits: every client's connection is closed, the socket file removed.
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  std::string address_;
  pid_t pid_ = -1;
};

// CPU time the process has used (user + system), from /proc/PID/stat, in clock ticks.
long cpu_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (comm) "
  std::vector<std::string> words((std::istream_iterator<std::string>(fields)),
                                 std::istream_iterator<std::string>());
  // Fields 14 and 15 (utime, stime) are words 11 and 12 after the name.
  return words.size() > 12 ? std::stol(words[11]) + std::stol(words[12]) : -1;
}

class BusRestarts : public RestartFixture {
 protected:
  BusRestarts() : RestartFixture("screentime-buses") {}
};

// python-dbusmock's logind, as the session runs it (its extended template), on `bus`.
class SystemBusRestarts : public BusRestarts {
 protected:
  void SetUp() override {
    // The daemon, the mock and the helpers all inherit it.
    ASSERT_EQ(setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address().c_str(), 1), 0);
    ASSERT_TRUE(bus.start());
    start_logind();
  }

  void start_logind() {
    json parameters = {
        {"session_id", "c1"},
        {"uid", getuid()},
        {"user", shell_output("id -un").substr(0, shell_output("id -un").find('\n'))},
        {"display", std::getenv("DISPLAY")},
        {"leader", getpid()}};
    logind = std::make_unique<ScriptProcess>(
        std::vector<std::string>{SCREENTIME_TESTENV_LIB "/mock-main.py", "system",
                                 SCREENTIME_TESTENV_LIB "/logind-template.py",
                                 (dir / "logind-calls.log").string(), parameters.dump()});
    // An event, not a sleep: gdbus returns when the name is owned.
    ASSERT_TRUE(run_shell("gdbus wait --system --timeout 10 org.freedesktop.login1"));
  }

  // The logind inhibitors the daemon holds the session active for, by who took them.
  static bool holds(const json& status, const std::string& who) {
    for (const auto& inhibitor : status["activity"]["inhibitors"]) {
      if (inhibitor["source"] == "logind" && inhibitor["who"] == who) return true;
    }
    return false;
  }

  PrivateBus bus{dir / "system_bus_socket"};
  std::unique_ptr<ScriptProcess> logind;
};

constexpr auto kShortIdle = "[activity]\nidle_threshold = \"2s\"\n";

TEST_F(SystemBusRestarts, TrackingGoesOnWithoutItAndLogindIsFollowedAgainWhenItIsBack) {
  start_daemon(kShortIdle);
  ASSERT_NE(daemon->log().find("following logind session c1"), std::string::npos) << daemon->log();
  ASSERT_TRUE(run_shell("testenv-logind inhibit idle player video block"));
  ASSERT_TRUE(holds(wait_for_status([](const json& s) { return holds(s, "player"); }), "player"))
      << daemon->log();

  const long cpu_before = cpu_ticks(daemon->pid());
  bus.stop();  // the mock logind leaves with it
  logind.reset();
  ASSERT_TRUE(daemon->wait_for_log("logind session lost")) << daemon->log();
  ASSERT_TRUE(daemon->wait_for_log("lost the connection to the system bus; reconnecting in"))
      << daemon->log();
  // Without the system bus: X input alone, and status answers meanwhile.
  expect_idle_then_active_after_input();
  const auto without = status();
  EXPECT_EQ(without["activity"]["input"], "x11") << without.dump();
  EXPECT_EQ(without["activity"]["session"], false) << "no session is followed";
  EXPECT_FALSE(holds(without, "player")) << "went with logind";
  EXPECT_LT(cpu_ticks(daemon->pid()) - cpu_before, 50) << "more than 0.5 s of CPU: spinning?";

  ASSERT_TRUE(bus.start());
  start_logind();
  ASSERT_TRUE(daemon->wait_for_log("logind: connected to the system bus again", 15s))
      << daemon->log();
  ASSERT_TRUE(daemon->wait_for_log("following logind session c1")) << daemon->log();
  EXPECT_EQ(status()["activity"]["session"], true);
  // The idle inhibitors are followed again too: a new one holds the session.
  const std::string id = shell_output("testenv-logind inhibit idle player2 video block");
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(holds(wait_for_status([](const json& s) { return holds(s, "player2"); }), "player2"))
      << daemon->log();
  // Let go: idle and active follow input again (the inhibitor held the session active).
  ASSERT_TRUE(run_shell("testenv-logind uninhibit " + id));
  expect_idle_then_active_after_input();
  EXPECT_EQ(count(daemon->log(), "logind session lost"), 1u) << daemon->log();
}

// python-dbusmock's stock notification server on the private session bus.
class SessionBusRestarts : public BusRestarts {
 protected:
  void SetUp() override {
    ASSERT_EQ(setenv("DBUS_SESSION_BUS_ADDRESS", bus.address().c_str(), 1), 0);
    ASSERT_TRUE(bus.start());
    start_server();
  }

  void start_server() {
    server = std::make_unique<ScriptProcess>(std::vector<std::string>{
        SCREENTIME_TESTENV_LIB "/mock-main.py", "session", "notification_daemon", calls.string()});
    ASSERT_TRUE(run_shell("gdbus wait --session --timeout 10 org.freedesktop.Notifications"));
  }

  PrivateBus bus{dir / "session_bus_socket"};
  const fs::path calls = dir / "notify-calls.log";
  std::unique_ptr<ScriptProcess> server;
};

// Nothing on the session bus is followed again: said once, with what it means.
constexpr auto kSessionBusLost =
    "session bus lost (lost the connection to the session bus): until screentimed restarts, "
    "reminders are written to this log instead of shown";

TEST_F(SessionBusRestarts, TrackingGoesOnWithoutItAndRemindersAreLogged) {
  start_daemon(
      "[activity]\nidle_threshold = \"2s\"\n"
      "[breaks]\nmin_gap = \"1s\"\n[breaks.movement]\nenabled = false\n"
      "[breaks.eye]\nevery = \"4s\"\nlength = \"2s\"\n");
  const auto shown = [](const json& s) {
    return s["breaks"]["notifier"].get<std::string>().find("mock-notify") != std::string::npos;
  };
  ASSERT_TRUE(shown(wait_for_status(shown))) << daemon->log();

  const long cpu_before = cpu_ticks(daemon->pid());
  bus.stop();  // the notification server leaves with it
  server.reset();
  ASSERT_TRUE(daemon->wait_for_log(kSessionBusLost)) << daemon->log();
  const auto logging = [](const json& s) {
    return s["breaks"]["notifier"].get<std::string>().find("logging") != std::string::npos;
  };
  ASSERT_TRUE(logging(wait_for_status(logging))) << daemon->log();
  {
    // Without the session bus: the break still comes due with X input, and is logged.
    Typist typist;
    ASSERT_TRUE(
        daemon->wait_for_log("notification (no notification server): \"Time for an eye", 20s))
        << daemon->log();
  }
  const auto without = status();
  EXPECT_EQ(without["activity"]["input"], "x11") << without.dump();
  EXPECT_LT(cpu_ticks(daemon->pid()) - cpu_before, 50) << "more than 0.5 s of CPU: spinning?";

  // A bus at the same address again: the daemon still runs and tracks (without it).
  ASSERT_TRUE(bus.start());
  start_server();
  expect_idle_then_active_after_input();
  EXPECT_EQ(count(daemon->log(), kSessionBusLost), 1u) << daemon->log();
}

}  // namespace
}  // namespace screentime::testing
