// LogindIdleInhibitors and GnomeSessionInhibitors, the real things, in an io_context against
// the mock logind and the mock gnome-session of a private desktop session
// (with-desktop-session --with-gnome-session-mock), driven by testenv-logind and
// testenv-gnome-session. Every case removes the inhibitors it added, even when it fails.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/activity/gnome_session_inhibitors.hpp"
#include "daemon/adapters/activity/logind_idle_inhibitors.hpp"
#include "tests/integration/command_runner.hpp"

namespace screentime::adapters {
namespace {

using screentime::testing::run_shell;

using namespace std::chrono_literals;
using Report = std::vector<IdleInhibitor>;

// The command's output without its trailing newline; empty when it failed.
std::string capture(const std::string& command) {
  const auto result = screentime::testing::run_command({"sh", "-c", command});
  if (result.exit_status != 0) return {};
  std::string out = result.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// Points `name` at another value for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class IdleInhibitorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::debug); }

  void TearDown() override {
    for (const auto& id : logind_ids_) run_shell("testenv-logind uninhibit " + id);
    for (const auto& cookie : gnome_cookies_)
      run_shell("testenv-gnome-session uninhibit " + cookie);
  }

  // Adds an inhibitor through the helper (held until TearDown or uninhibit_*); its id.
  std::string logind_inhibit(const std::string& what, const std::string& who,
                             const std::string& why, const std::string& mode) {
    const std::string id =
        capture("testenv-logind inhibit '" + what + "' '" + who + "' '" + why + "' " + mode);
    if (!id.empty()) logind_ids_.push_back(id);
    return id;
  }
  bool logind_uninhibit(const std::string& id) {
    std::erase(logind_ids_, id);
    return run_shell("testenv-logind uninhibit " + id);
  }
  std::string gnome_inhibit(const std::string& app, const std::string& reason, int flags) {
    const std::string cookie = capture("testenv-gnome-session inhibit '" + app + "' '" + reason +
                                       "' " + std::to_string(flags));
    if (!cookie.empty()) gnome_cookies_.push_back(cookie);
    return cookie;
  }
  bool gnome_uninhibit(const std::string& cookie) {
    std::erase(gnome_cookies_, cookie);
    return run_shell("testenv-gnome-session uninhibit " + cookie);
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
  // Runs the loop until the latest report is `wanted`.
  bool reported(const Report& wanted) {
    return run_until([&] { return !reports_.empty() && reports_.back() == wanted; });
  }

  IdleInhibitorsChanged recorder() {
    return [this](const Report& current) { reports_.push_back(current); };
  }

  boost::asio::io_context io_;
  SharedBus system_bus_{io_, SdBusConnection::Bus::kSystem};
  SharedBus session_bus_{io_, SdBusConnection::Bus::kSession};
  std::vector<Report> reports_;
  std::vector<std::string> logind_ids_;
  std::vector<std::string> gnome_cookies_;
};

const IdleInhibitor kFirefox{"logind", "firefox", "Playing video"};
const IdleInhibitor kTotem{"gnome-session", "org.gnome.Totem", "Playing"};

TEST_F(IdleInhibitorsTest, LogindIdleBlockInhibitorIsReportedWithWhoAndWhy) {
  LogindIdleInhibitors inhibitors(system_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  const std::string id = logind_inhibit("idle", "firefox", "Playing video", "block");
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(reported({kFirefox}));
  EXPECT_EQ(inhibitors.current(), Report{kFirefox});

  ASSERT_TRUE(logind_uninhibit(id));
  ASSERT_TRUE(reported({}));
  EXPECT_EQ(reports_, (std::vector<Report>{{kFirefox}, {}}));
}

TEST_F(IdleInhibitorsTest, LogindSleepAndDelayInhibitorsAreNotReported) {
  LogindIdleInhibitors inhibitors(system_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  ASSERT_FALSE(logind_inhibit("sleep", "backup", "Copying files", "block").empty());
  ASSERT_FALSE(logind_inhibit("sleep", "chat", "Saving state", "delay").empty());
  // One inhibitor for two things: what holds "idle" counts.
  const std::string id = logind_inhibit("sleep:idle", "vlc", "Playing", "block");
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(reported({{"logind", "vlc", "Playing"}}));
  // Nothing was reported for the sleep inhibitors before it.
  EXPECT_EQ(reports_.size(), 1u);

  ASSERT_TRUE(logind_uninhibit(id));
  ASSERT_TRUE(reported({}));
  EXPECT_EQ(reports_.size(), 2u);
}

TEST_F(IdleInhibitorsTest, LogindInhibitorHeldBeforeStartIsReported) {
  ASSERT_FALSE(logind_inhibit("idle", "firefox", "Playing video", "block").empty());
  LogindIdleInhibitors inhibitors(system_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  ASSERT_TRUE(reported({kFirefox}));
}

TEST_F(IdleInhibitorsTest, LogindRestartKeepsFollowing) {
  ASSERT_FALSE(logind_inhibit("idle", "firefox", "Playing video", "block").empty());
  LogindIdleInhibitors inhibitors(system_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  ASSERT_TRUE(reported({kFirefox}));

  // The inhibitor survives the restart; while logind is away none is known.
  ASSERT_TRUE(run_shell("testenv-logind restart"));
  ASSERT_TRUE(
      run_until([&] { return reports_.size() >= 3 && reports_.back() == Report{kFirefox}; }));
  EXPECT_EQ(reports_[1], Report{});

  // The new logind is followed: none, then a new one.
  for (const auto& id : std::vector<std::string>(logind_ids_)) ASSERT_TRUE(logind_uninhibit(id));
  ASSERT_TRUE(reported({}));
  ASSERT_FALSE(logind_inhibit("idle", "mpv", "Playing", "block").empty());
  ASSERT_TRUE(reported({{"logind", "mpv", "Playing"}}));
  EXPECT_TRUE(inhibitors.following());
}

TEST_F(IdleInhibitorsTest, LogindStartFailsWithoutLogind) {
  // The session bus has no org.freedesktop.login1.
  const char* session_bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  ASSERT_NE(session_bus, nullptr);
  const ScopedEnv system_bus("DBUS_SYSTEM_BUS_ADDRESS", session_bus);
  LogindIdleInhibitors inhibitors(system_bus_, recorder());
  EXPECT_FALSE(inhibitors.start());
  EXPECT_FALSE(inhibitors.following());
}

TEST_F(IdleInhibitorsTest, GnomeIdleInhibitorIsReportedThenGone) {
  GnomeSessionInhibitors inhibitors(session_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  const std::string cookie = gnome_inhibit("org.gnome.Totem", "Playing", 8);
  ASSERT_FALSE(cookie.empty());
  ASSERT_TRUE(reported({kTotem}));
  EXPECT_EQ(inhibitors.current(), Report{kTotem});

  ASSERT_TRUE(gnome_uninhibit(cookie));
  ASSERT_TRUE(reported({}));
  EXPECT_EQ(reports_, (std::vector<Report>{{kTotem}, {}}));
}

TEST_F(IdleInhibitorsTest, GnomeSuspendOnlyInhibitorIsNotReported) {
  GnomeSessionInhibitors inhibitors(session_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  const std::string suspend = gnome_inhibit("org.gnome.Nautilus", "Copying files", 4);
  ASSERT_FALSE(suspend.empty());
  const std::string idle = gnome_inhibit("org.gnome.Totem", "Playing", 8);
  ASSERT_FALSE(idle.empty());
  ASSERT_TRUE(reported({kTotem}));
  EXPECT_EQ(reports_.size(), 1u);  // nothing for the suspend inhibitor before it

  // Removing the suspend inhibitor changes nothing; removing the idle one is the next report.
  ASSERT_TRUE(gnome_uninhibit(suspend));
  ASSERT_TRUE(gnome_uninhibit(idle));
  ASSERT_TRUE(reported({}));
  EXPECT_EQ(reports_, (std::vector<Report>{{kTotem}, {}}));
}

TEST_F(IdleInhibitorsTest, GnomeInhibitorsHeldBeforeStartAreReported) {
  ASSERT_FALSE(gnome_inhibit("org.gnome.Totem", "Playing", 8).empty());
  ASSERT_FALSE(gnome_inhibit("org.gnome.Nautilus", "Copying files", 4).empty());
  ASSERT_FALSE(gnome_inhibit("org.gnome.Shell", "Presenting", 4 | 8).empty());
  GnomeSessionInhibitors inhibitors(session_bus_, recorder());
  ASSERT_TRUE(inhibitors.start());
  ASSERT_TRUE(reported({kTotem, {"gnome-session", "org.gnome.Shell", "Presenting"}}));
  EXPECT_EQ(reports_.size(), 1u);  // once all were read, not one at a time
}

TEST_F(IdleInhibitorsTest, GnomeStartFailsWithoutGnomeSession) {
  // The system bus has no org.gnome.SessionManager.
  const char* system_bus = std::getenv("DBUS_SYSTEM_BUS_ADDRESS");
  ASSERT_NE(system_bus, nullptr);
  const ScopedEnv session_bus("DBUS_SESSION_BUS_ADDRESS", system_bus);
  GnomeSessionInhibitors inhibitors(session_bus_, recorder());
  EXPECT_FALSE(inhibitors.start());
  EXPECT_FALSE(inhibitors.following());
}

}  // namespace
}  // namespace screentime::adapters
