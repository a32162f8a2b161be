// LogindSessionSource, the real thing, in an io_context against the mock logind of a private
// desktop session (with-desktop-session), driven by `testenv-logind`. The cases share one
// session and leave it as they found it, except the last (logout and login), which must stay
// last.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <systemd/sd-bus.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/logind_session_source.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "tests/integration/command_runner.hpp"

namespace screentime::adapters {
namespace {

using screentime::testing::run_shell;
using screentime::testing::shell_output;

using namespace std::chrono_literals;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class RecordingListener final : public LogindListener {
 public:
  void on_session_status(const LogindSessionStatus& status) override {
    statuses.push_back(status);
    events.push_back("status " + status.session_id);
  }
  void on_before_sleep() override {
    events.emplace_back("before sleep");
    if (during_before_sleep) during_before_sleep();
  }
  void on_after_sleep() override { events.emplace_back("after sleep"); }
  void on_session_lost(std::string_view why) override {
    events.push_back("lost " + std::string(why));
  }

  std::size_t count(std::string_view prefix) const {
    std::size_t n = 0;
    for (const auto& event : events) n += event.starts_with(prefix) ? 1 : 0;
    return n;
  }

  std::vector<LogindSessionStatus> statuses;
  std::vector<std::string> events;  // in order: "status c1", "lost …", "before sleep", …
  std::function<void()> during_before_sleep;
};

std::string exported_session_id() {
  const char* exported = std::getenv("XDG_SESSION_ID");
  return exported != nullptr ? exported : "";
}

class LogindSourceTest : public ::testing::Test {
 protected:
  // Starts the source, following `session_id` first as main passes $XDG_SESSION_ID (the test
  // session exports it): the first status is in when start() returns; waits for the inhibitor.
  void start(std::string session_id = exported_session_id()) {
    source_.emplace(system_bus_, clock_, listener_, std::move(session_id));
    ASSERT_TRUE(source_->start());
    ASSERT_EQ(listener_.statuses.size(), 1u);
    ASSERT_TRUE(run_until([&] { return source_->holds_sleep_inhibitor(); }));
  }

  // Runs the loop until `done` holds (true) or `timeout` passes (false).
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io_.run_one_for(100ms);
    }
    return true;
  }

  // Runs `command`, then the loop until a new status satisfies `wanted`.
  bool status_after(const std::string& command,
                    const std::function<bool(const LogindSessionStatus&)>& wanted) {
    const std::size_t seen = listener_.statuses.size();
    if (!run_shell(command)) return false;
    return run_until(
        [&] { return listener_.statuses.size() > seen && wanted(listener_.statuses.back()); });
  }

  const LogindSessionStatus& status() const { return listener_.statuses.back(); }

  boost::asio::io_context io_;
  SystemClock clock_;
  RecordingListener listener_;
  SharedBus system_bus_{io_, SdBusConnection::Bus::kSystem};
  std::optional<LogindSessionSource> source_;
};

TEST_F(LogindSourceTest, StartReadsTheTestSession) {
  start();
  EXPECT_EQ(status().session_id, "c1");
  EXPECT_FALSE(status().locked);
  EXPECT_TRUE(status().active);
  EXPECT_FALSE(status().idle);
  EXPECT_FALSE(status().idle_since);
  EXPECT_EQ(source_->describe(), "logind session c1 (x11)");
  EXPECT_FALSE(source_->next_deadline());
  const std::string calls = shell_output("testenv-logind calls");
  EXPECT_TRUE(contains(calls, "GetSession c1")) << calls;  // XDG_SESSION_ID first
  EXPECT_TRUE(contains(calls, "Inhibit sleep screentime")) << calls;
}

TEST_F(LogindSourceTest, LockedFollowsLockSignalsAndLockedHint) {
  start();
  auto locked = [](const LogindSessionStatus& s) { return s.locked; };
  auto unlocked = [](const LogindSessionStatus& s) { return !s.locked; };
  EXPECT_TRUE(status_after("testenv-logind lock", locked));
  EXPECT_TRUE(status_after("testenv-logind unlock", unlocked));
  // No screen locker reacting: the signals alone.
  EXPECT_TRUE(status_after("testenv-logind lock --signal-only", locked));
  EXPECT_TRUE(status_after("testenv-logind unlock --signal-only", unlocked));
  // A locker that lets the user in without an Unlock signal (GNOME): LockedHint goes false.
  EXPECT_TRUE(status_after("testenv-logind lock", locked));
  EXPECT_TRUE(status_after("testenv-logind locked-hint false", unlocked));
}

TEST_F(LogindSourceTest, SwitchingAwayClearsActive) {
  start();
  EXPECT_TRUE(status_after("testenv-logind active false",
                           [](const LogindSessionStatus& s) { return !s.active; }));
  EXPECT_TRUE(status_after("testenv-logind active true",
                           [](const LogindSessionStatus& s) { return s.active; }));
}

TEST_F(LogindSourceTest, IdleHintCarriesIdleSince) {
  start();
  const auto before = clock_.now().wall;
  ASSERT_TRUE(status_after("testenv-logind idle-hint true",
                           [](const LogindSessionStatus& s) { return s.idle; }));
  ASSERT_TRUE(status().idle_since);
  EXPECT_GE(*status().idle_since, before - 2s);  // the mock stamps it when told
  EXPECT_LE(*status().idle_since, clock_.now().wall + 2s);
  ASSERT_TRUE(status_after("testenv-logind idle-hint false",
                           [](const LogindSessionStatus& s) { return !s.idle; }));
  EXPECT_FALSE(status().idle_since);
}

TEST_F(LogindSourceTest, BeforeSleepRunsWhileTheInhibitorIsHeld) {
  start();
  std::string during;
  listener_.during_before_sleep = [&] { during = shell_output("testenv-logind inhibitors"); };
  ASSERT_TRUE(run_shell("testenv-logind sleep"));
  ASSERT_TRUE(run_until([&] { return listener_.count("before sleep") == 1; }));
  EXPECT_TRUE(contains(during, "\"who\": \"screentime\"")) << during;
  EXPECT_FALSE(source_->holds_sleep_inhibitor());

  ASSERT_TRUE(run_shell("testenv-logind wake"));
  ASSERT_TRUE(run_until(
      [&] { return listener_.count("after sleep") == 1 && source_->holds_sleep_inhibitor(); }));
  EXPECT_TRUE(contains(shell_output("testenv-logind inhibitors"), "\"who\": \"screentime\""));
}

TEST_F(LogindSourceTest, SuspendGoesAheadOnceTheInhibitorIsReleased) {
  start();
  // Manager.Suspend the way a desktop asks for it: the mock waits for every sleep delay
  // inhibitor to go (at most InhibitDelayMaxUSec, 5 s), stays "asleep" 0.3 s, then wakes.
  sd_bus* bus = nullptr;
  ASSERT_GE(sd_bus_open_system(&bus), 0);
  const auto asked = std::chrono::steady_clock::now();
  const int result =
      sd_bus_call_method(bus, "org.freedesktop.login1", "/org/freedesktop/login1",
                         "org.freedesktop.login1.Manager", "Suspend", nullptr, nullptr, "b", 0);
  sd_bus_flush_close_unref(bus);
  ASSERT_GE(result, 0);
  ASSERT_TRUE(run_until([&] { return listener_.count("after sleep") == 1; }));
  // Had the inhibitor outlived on_before_sleep, the mock would have waited the full 5 s.
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 4s);
  EXPECT_EQ(listener_.count("before sleep"), 1u);
  EXPECT_TRUE(run_until([&] { return source_->holds_sleep_inhibitor(); }));
}

TEST_F(LogindSourceTest, LogindRestartLosesThenFindsTheSession) {
  start();
  ASSERT_TRUE(run_shell("testenv-logind restart"));
  ASSERT_TRUE(run_until([&] {
    const auto& events = listener_.events;
    return events.size() >= 3 && events[events.size() - 2].starts_with("lost ") &&
           events.back() == "status c1";
  }));
  EXPECT_EQ(listener_.count("lost "), 1u);
  EXPECT_EQ(status().session_id, "c1");
  // The old logind's inhibitor died with it; a new one is taken from the new logind.
  EXPECT_TRUE(run_until([&] { return source_->holds_sleep_inhibitor(); }));
  EXPECT_TRUE(contains(shell_output("testenv-logind inhibitors"), "\"who\": \"screentime\""));
}

// Last: it removes the test session c1.
TEST_F(LogindSourceTest, FollowsTheNextSessionAfterLogoutAndLogin) {
  // As a systemd user service runs: no XDG_SESSION_ID, so GetSession("auto"), then the
  // user's sessions.
  start("");
  EXPECT_EQ(status().session_id, "c1");

  ASSERT_TRUE(run_shell("testenv-logind remove-session c1"));
  ASSERT_TRUE(run_until([&] { return listener_.count("lost ") == 1; }));
  EXPECT_TRUE(contains(listener_.events.back(), "c1")) << listener_.events.back();
  EXPECT_EQ(source_->describe(), "logind (no session)");

  EXPECT_TRUE(status_after("testenv-logind add-session c2 \"$(id -u)\" --active true",
                           [](const LogindSessionStatus& s) { return s.session_id == "c2"; }));
  EXPECT_TRUE(status().active);
  EXPECT_EQ(source_->describe(), "logind session c2 (x11)");
  const std::string calls = shell_output("testenv-logind calls");
  EXPECT_TRUE(contains(calls, "GetSession auto")) << calls;
  EXPECT_TRUE(contains(calls, "ListSessions")) << calls;  // "auto" is c1, which is gone
}

}  // namespace
}  // namespace screentime::adapters
