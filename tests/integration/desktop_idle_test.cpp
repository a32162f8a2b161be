// GnomeIdleSource and ScreensaverIdleSource, the real things, in an io_context against the
// Mutter IdleMonitor and org.freedesktop.ScreenSaver mocks of a private desktop session
// (with-desktop-session --with-gnome-idle-mock --with-screensaver-mock). Both mocks read the
// real idle time of the session's X display, so `testenv-input move` is real input; the
// fixture plays the daemon's part (one CLOCK_BOOTTIME timerfd armed to next_deadline()).
// Every case starts with input, so none depends on the one before. The cases named
// DesktopIdleWithoutMocks run in a session without those mocks instead (see
// desktop_idle.cmake): there the test serves a fake Mutter IdleMonitor itself.

#include <gtest/gtest.h>
#include <systemd/sd-bus.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/desktop/gnome_idle_source.hpp"
#include "daemon/adapters/desktop/screensaver_idle_source.hpp"
#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "tests/integration/command_runner.hpp"

namespace screentime::adapters {
namespace {

using screentime::testing::run_shell;
using screentime::testing::shell_output;

using namespace std::chrono_literals;
using core::Duration;

// The idle watches the Mutter mock holds now, as "idle:<ms>" / "active".
std::vector<std::string> mutter_watches() {
  std::vector<std::string> result;
  const auto watches = nlohmann::json::parse(shell_output("testenv-gnome-idle watches"));
  for (const auto& watch : watches) {
    result.push_back(watch["kind"] == "idle"
                         ? "idle:" + std::to_string(watch["interval"].get<long>())
                         : watch["kind"].get<std::string>());
  }
  return result;
}

// When each GetSessionIdleTime reached the screen saver mock (seconds since the epoch).
std::vector<double> screensaver_polls() {
  std::vector<double> result;
  const char* dir = std::getenv("SCREENTIME_TESTENV_DIR");
  std::ifstream log(std::string(dir != nullptr ? dir : ".") + "/logs/screensaver-calls.log");
  double stamp = 0;
  std::string method;
  while (log >> stamp >> method) {
    if (method == "GetSessionIdleTime") result.push_back(stamp);
  }
  return result;
}

struct Event {
  std::string kind;  // "idle", "input", "lost"
  Duration threshold{};
  core::Instant at{};    // last_input for "idle", the input's moment for "input"
  core::Instant seen{};  // when the observer heard of it
};

class RecordingObserver final : public core::IdleObserver {
 public:
  explicit RecordingObserver(const core::Clock& clock) : clock_(clock) {}
  void on_idle(Duration threshold, const core::Instant& last_input) override {
    events.push_back({"idle", threshold, last_input, clock_.now()});
  }
  void on_input(const core::Instant& at) override {
    events.push_back({"input", {}, at, clock_.now()});
  }
  void on_idle_source_lost(std::string_view why) override {
    events.push_back({"lost " + std::string(why), {}, {}, clock_.now()});
  }
  std::size_t count(std::string_view kind) const {
    std::size_t n = 0;
    for (const auto& event : events) n += event.kind == kind ? 1 : 0;
    return n;
  }
  const Event& last(std::string_view kind) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->kind == kind) return *it;
    }
    throw std::logic_error("no such event");
  }

  std::vector<Event> events;

 private:
  const core::Clock& clock_;
};

class DesktopIdleTest : public ::testing::Test {
 protected:
  // Real input on the X display; returns when it happened (as near as the helper tells).
  core::Instant input() {
    EXPECT_TRUE(run_shell("testenv-input move"));
    return clock_.now();
  }

  // When the X display last saw input, from its idle time now.
  core::BootTime x_last_input() {
    const auto before = clock_.now().boot;
    const long idle_ms = std::stol(shell_output("testenv-input idle-ms"));
    const auto after = clock_.now().boot;
    return before + (after - before) / 2 - Duration(idle_ms);
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 8s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io_.run_one_for(50ms);
    }
    return true;
  }

  // Silence on purpose: the loop runs, nothing is done to the session.
  void run_for(std::chrono::milliseconds length) {
    run_until([] { return false; }, length);
  }

  // The daemon's part for a polled source: its deadline on the one timerfd.
  void drive(ScreensaverIdleSource& source) {
    source.deadline_changed = [this, &source] { timer_.arm(source.next_deadline()); };
    on_timer_ = [this, &source] {
      source.on_deadline();
      timer_.arm(source.next_deadline());
    };
  }

  boost::asio::io_context io_;
  SharedBus session_bus_{io_, SdBusConnection::Bus::kSession};
  SystemClock clock_;
  RecordingObserver observer_{clock_};
  std::function<void()> on_timer_ = [] {};
  DeadlineTimer timer_{io_, [this] { on_timer_(); }};
};

Duration distance(core::BootTime a, core::BootTime b) { return a > b ? a - b : b - a; }

TEST_F(DesktopIdleTest, GnomeThresholdsFireInOrderAndLateWatchesBackdateExactly) {
  input();
  run_for(1500ms);  // already away longer than the first threshold when the watches come
  GnomeIdleSource source(session_bus_, clock_, observer_);
  const std::vector<Duration> thresholds{2s, 1s};
  ASSERT_TRUE(source.start(thresholds));
  EXPECT_EQ(source.name(), "gnome");
  EXPECT_EQ(source.precision(), Duration::zero());
  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 2; }, 5s));
  ASSERT_EQ(observer_.events.size(), 2u);
  EXPECT_EQ(observer_.events[0].threshold, 1s);
  EXPECT_EQ(observer_.events[1].threshold, 2s);
  // From GetIdletime, not "now - 1 s" (that would be 0.5 s off here).
  const auto truth = x_last_input();
  EXPECT_LE(distance(observer_.events[0].at.boot, truth), 250ms);
  EXPECT_EQ(observer_.events[1].at.boot, observer_.events[0].at.boot);
  EXPECT_LE(distance(observer_.events[1].seen.boot, truth + 2s), 400ms);
}

TEST_F(DesktopIdleTest, GnomeInputEndsIdleThroughAOneShotWatchAndWatchesRearm) {
  input();
  GnomeIdleSource source(session_bus_, clock_, observer_);
  const std::vector<Duration> thresholds{1s};
  ASSERT_TRUE(source.start(thresholds));
  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 1; }, 4s));
  EXPECT_LE(distance(observer_.last("idle").at.boot, x_last_input()), 250ms);
  ASSERT_TRUE(run_until([&] { return mutter_watches().size() == 2; }, 3s));
  EXPECT_EQ(mutter_watches(), (std::vector<std::string>{"idle:1000", "active"}));

  const auto typed = input();
  ASSERT_TRUE(run_until([&] { return observer_.count("input") == 1; }, 3s));
  EXPECT_LE(distance(observer_.last("input").at.boot, typed.boot), 400ms);
  EXPECT_EQ(mutter_watches(), std::vector<std::string>{"idle:1000"});  // one-shot: gone

  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 2; }, 4s));  // Mutter re-armed
  EXPECT_EQ(observer_.last("idle").threshold, 1s);
  EXPECT_LE(distance(observer_.last("idle").at.boot, x_last_input()), 250ms);
}

TEST_F(DesktopIdleTest, GnomeWatchesFollowSetThresholdsAndGoOnStop) {
  input();
  GnomeIdleSource source(session_bus_, clock_, observer_);
  const std::vector<Duration> first{60s, 120s};
  ASSERT_TRUE(source.start(first));
  EXPECT_EQ(mutter_watches(), (std::vector<std::string>{"idle:60000", "idle:120000"}));
  const std::vector<Duration> second{90s, 120s};
  source.set_thresholds(second);
  EXPECT_TRUE(run_until([&] {
    return mutter_watches() == std::vector<std::string>{"idle:120000", "idle:90000"};
  }));
  source.stop();
  EXPECT_TRUE(run_until([&] { return mutter_watches().empty(); }));
  EXPECT_TRUE(observer_.events.empty());
  const std::string calls =
      shell_output("cat \"$SCREENTIME_TESTENV_DIR/logs/gnome-idle-calls.log\"");
  EXPECT_NE(calls.find("RemoveWatch"), std::string::npos) << calls;
}

TEST_F(DesktopIdleTest, GnomeFollowsTheGnomeScreenSaver) {
  GnomeIdleSource source(session_bus_, clock_, observer_);
  std::vector<bool> states;
  source.on_screensaver_active = [&](bool active) { states.push_back(active); };
  const std::vector<Duration> thresholds{60s};
  ASSERT_TRUE(source.start(thresholds));
  // A stand-in for GNOME Shell's org.gnome.ScreenSaver (the test session has none).
  auto shell = std::make_unique<SdBusConnection>(io_, SdBusConnection::Bus::kSession,
                                                 [](std::string_view) {});
  ASSERT_GE(sd_bus_request_name(shell->get(), "org.gnome.ScreenSaver", 0), 0);
  auto emit = [&](bool active) {
    ASSERT_GE(sd_bus_emit_signal(shell->get(), "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", "b", static_cast<int>(active)),
              0);
    shell->kick();
  };
  emit(true);
  ASSERT_TRUE(run_until([&] { return states.size() == 1; }, 3s));
  EXPECT_TRUE(states.back());
  emit(false);
  ASSERT_TRUE(run_until([&] { return states.size() == 2; }, 3s));
  EXPECT_FALSE(states.back());
  emit(true);
  ASSERT_TRUE(run_until([&] { return states.size() == 3; }, 3s));
  shell.reset();  // the shell goes: nothing shows any more
  ASSERT_TRUE(run_until([&] { return states.size() == 4; }, 3s));
  EXPECT_EQ(states, (std::vector<bool>{true, false, true, false}));
}

TEST_F(DesktopIdleTest, ScreensaverPollsToTheThresholdThenEverySecondForInput) {
  const auto stopped = input();
  ScreensaverIdleSource source(session_bus_, clock_, observer_);
  drive(source);
  const std::vector<Duration> thresholds{2s};
  ASSERT_TRUE(source.start(thresholds));
  timer_.arm(source.next_deadline());
  EXPECT_EQ(source.name(), "screensaver");
  EXPECT_EQ(source.precision(), 1s);
  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 1; }, 5s));
  const Event& idle = observer_.last("idle");
  EXPECT_EQ(idle.threshold, 2s);
  // Seen no earlier than the threshold, at most precision() (plus the call) after it.
  EXPECT_GE(idle.seen.boot - stopped.boot, 2s - 100ms);
  EXPECT_LE(idle.seen.boot - stopped.boot, 3s + 300ms);
  EXPECT_LE(distance(idle.at.boot, stopped.boot), 1s + 200ms);  // whole seconds

  const auto typed = input();
  ASSERT_TRUE(run_until([&] { return observer_.count("input") == 1; }, 3s));
  EXPECT_LE(observer_.last("input").seen.boot - typed.boot, 1s + 300ms);
  EXPECT_LE(distance(observer_.last("input").at.boot, typed.boot), 1s + 200ms);
}

TEST_F(DesktopIdleTest, ScreensaverPollsAtTheThresholdNotOnATick) {
  input();
  ScreensaverIdleSource source(session_bus_, clock_, observer_);
  drive(source);
  const std::size_t before = screensaver_polls().size();
  const std::vector<Duration> thresholds{3s};
  ASSERT_TRUE(source.start(thresholds));
  timer_.arm(source.next_deadline());
  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 1; }, 6s));
  const auto polls = screensaver_polls();
  ASSERT_GT(polls.size(), before);
  const std::vector<double> ours(polls.begin() + static_cast<long>(before), polls.end());
  // The one at start, then one when 3 s could have passed: not one a second.
  EXPECT_LE(ours.size(), 3u);
  ASSERT_GE(ours.size(), 2u);
  EXPECT_GE(ours[1] - ours[0], 1.9);
}

TEST_F(DesktopIdleTest, ScreensaverActiveChangedAndNoInputPollsBehindIt) {
  ASSERT_TRUE(run_shell("testenv-screensaver activate"));  // already on: GetActive tells at start
  input();
  ScreensaverIdleSource source(session_bus_, clock_, observer_);
  drive(source);
  std::vector<bool> states;
  source.on_screensaver_active = [&](bool active) { states.push_back(active); };
  const std::vector<Duration> thresholds{1s};
  ASSERT_TRUE(source.start(thresholds));
  timer_.arm(source.next_deadline());
  ASSERT_TRUE(run_until([&] { return states.size() == 1 && observer_.count("idle") == 1; }, 4s));
  EXPECT_TRUE(states.back());

  // Away behind a screen saver: no poll for input (the daemon counts it as locked, and
  // switching it off brings a poll at once).
  EXPECT_FALSE(source.next_deadline());
  const std::size_t polls = screensaver_polls().size();
  run_for(1500ms);
  EXPECT_EQ(screensaver_polls().size(), polls);

  const auto typed = input();
  ASSERT_TRUE(run_shell("testenv-screensaver deactivate"));  // as the user's input switches it off
  ASSERT_TRUE(run_until([&] { return observer_.count("input") == 1; }, 3s));
  EXPECT_EQ(states, (std::vector<bool>{true, false}));
  EXPECT_LE(distance(observer_.last("input").at.boot, typed.boot), 1s + 200ms);
}

// Mutter's IdleMonitor as the test's own stand-in, on a thread of its own (the source's
// start() blocks the test's thread until the watches are answered). It can signal WatchFired
// for a watch before it answers the call that added it, as Mutter may.
class FakeMutter {
 public:
  FakeMutter() : thread_([this] { io_.run(); }) {
    on_thread([this] {
      bus_ = std::make_unique<SdBusConnection>(io_, SdBusConnection::Bus::kSession,
                                               [](std::string_view) {});
      sd_bus_slot* slot = nullptr;
      check(sd_bus_add_object(bus_->get(), &slot, kPath, &FakeMutter::dispatch, this));
      object_.reset(slot);
      check(sd_bus_request_name(bus_->get(), kService, 0));
      bus_->kick();
    });
  }
  ~FakeMutter() {
    on_thread([this] {
      object_.reset();
      bus_.reset();
    });
    work_.reset();
    thread_.join();
  }

  void set(bool idle_first, bool active_first, std::uint64_t idle_ms) {
    on_thread([=, this] {
      fire_idle_first_ = idle_first;
      fire_active_first_ = active_first;
      idle_ms_ = idle_ms;
    });
  }
  // WatchFired for every watch of `kind` ("idle" or "active", which then goes).
  void fire(const std::string& kind) {
    on_thread([&] {
      for (auto it = watches_.begin(); it != watches_.end();) {
        if (it->second != kind) {
          ++it;
          continue;
        }
        emit_fired(it->first);
        it = kind == "active" ? watches_.erase(it) : std::next(it);
      }
      bus_->kick();
    });
  }
  std::size_t calls(const std::string& member) {
    return on_thread([&] { return calls_.count(member) ? calls_.at(member) : 0u; });
  }

 private:
  static constexpr const char* kService = "org.gnome.Mutter.IdleMonitor";
  static constexpr const char* kPath = "/org/gnome/Mutter/IdleMonitor/Core";
  static constexpr const char* kInterface = "org.gnome.Mutter.IdleMonitor";

  static void check(int result) {
    if (result < 0) throw std::system_error(-result, std::generic_category(), "fake Mutter");
  }

  template <typename F>
  auto on_thread(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
  }

  static int dispatch(sd_bus_message* call, void* userdata, sd_bus_error* /*error*/) {
    return static_cast<FakeMutter*>(userdata)->answer(*call);
  }

  int answer(sd_bus_message& call) {
    if (sd_bus_message_is_method_call(&call, kInterface, nullptr) <= 0) return 0;
    const std::string member = sd_bus_message_get_member(&call);
    ++calls_[member];
    if (member == "AddIdleWatch" || member == "AddUserActiveWatch") {
      owner_ = sd_bus_message_get_sender(&call);
      const std::uint32_t id = next_id_++;
      const bool idle = member == "AddIdleWatch";
      watches_[id] = idle ? "idle" : "active";
      if (idle ? fire_idle_first_ : fire_active_first_) {
        emit_fired(id);
        if (!idle) watches_.erase(id);
      }
      return sd_bus_reply_method_return(&call, "u", id);
    }
    if (member == "GetIdletime") return sd_bus_reply_method_return(&call, "t", idle_ms_);
    if (member == "RemoveWatch") {
      std::uint32_t id = 0;
      check(sd_bus_message_read(&call, "u", &id));
      watches_.erase(id);
      return sd_bus_reply_method_return(&call, "");
    }
    return 0;
  }

  void emit_fired(std::uint32_t id) {
    sd_bus_message* signal = nullptr;
    check(sd_bus_message_new_signal(bus_->get(), &signal, kPath, kInterface, "WatchFired"));
    const SdBusMessagePtr owned(signal);
    check(sd_bus_message_append(signal, "u", id));
    check(sd_bus_message_set_destination(signal, owner_.c_str()));  // unicast, as Mutter
    check(sd_bus_send(bus_->get(), signal, nullptr));
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io_);
  std::unique_ptr<SdBusConnection> bus_;
  SdBusSlotPtr object_;
  std::map<std::uint32_t, std::string> watches_;
  std::map<std::string, std::size_t> calls_;
  std::string owner_;
  std::uint32_t next_id_ = 1;
  std::uint64_t idle_ms_ = 0;
  bool fire_idle_first_ = false;
  bool fire_active_first_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

using DesktopIdleWithoutMocks = DesktopIdleTest;

TEST_F(DesktopIdleWithoutMocks, SourcesWithoutTheirServiceDoNotStart) {
  const std::vector<Duration> thresholds{1s};
  GnomeIdleSource gnome(session_bus_, clock_, observer_);
  EXPECT_FALSE(gnome.start(thresholds));
  ScreensaverIdleSource screensaver(session_bus_, clock_, observer_);
  EXPECT_FALSE(screensaver.start(thresholds));
  EXPECT_FALSE(screensaver.next_deadline());
  EXPECT_TRUE(observer_.events.empty());
}

TEST_F(DesktopIdleWithoutMocks, GnomeMatchesWatchFiredThatCameBeforeTheWatchId) {
  FakeMutter mutter;
  GnomeIdleSource source(session_bus_, clock_, observer_);
  const std::vector<Duration> thresholds{1s};

  // The idle watch fires before AddIdleWatch is answered: matched once the id lands.
  mutter.set(true, false, 5000);
  ASSERT_TRUE(source.start(thresholds));
  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 1; }, 3s));
  EXPECT_LE(distance(observer_.last("idle").at.boot, clock_.now().boot - 5s), 250ms);
  mutter.fire("active");
  ASSERT_TRUE(run_until([&] { return observer_.count("input") == 1; }, 3s));

  // The user-active watch fires before it is answered (input right after the idle watch
  // fired): matched, so the source does not report idle and then wait forever for input.
  mutter.set(false, true, 5000);
  mutter.fire("idle");
  ASSERT_TRUE(run_until([&] { return mutter.calls("GetIdletime") == 2; }, 3s));
  mutter.set(false, false, 5000);
  mutter.fire("idle");  // Mutter re-armed it on that input
  ASSERT_TRUE(run_until([&] { return observer_.count("idle") == 2; }, 3s));
  mutter.fire("active");
  ASSERT_TRUE(run_until([&] { return observer_.count("input") == 2; }, 3s));
  std::vector<std::string> kinds;
  for (const auto& event : observer_.events) kinds.push_back(event.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"idle", "input", "idle", "input"}));
  EXPECT_EQ(mutter.calls("AddUserActiveWatch"), 3u);
}

TEST_F(DesktopIdleWithoutMocks, GnomeFollowsMutterLeavingAndComingBack) {
  auto mutter = std::make_unique<FakeMutter>();
  GnomeIdleSource source(session_bus_, clock_, observer_);
  const std::vector<Duration> thresholds{1s, 5s};
  ASSERT_TRUE(source.start(thresholds));
  mutter.reset();  // GNOME Shell restarts
  ASSERT_TRUE(run_until([&] { return observer_.events.size() == 1; }, 3s));
  EXPECT_EQ(observer_.events[0].kind, "lost org.gnome.Mutter.IdleMonitor left the session bus");

  mutter = std::make_unique<FakeMutter>();
  ASSERT_TRUE(run_until([&] { return mutter->calls("AddIdleWatch") == 2; }, 3s));
  ASSERT_TRUE(run_until([&] { return mutter->calls("AddUserActiveWatch") == 1; }, 3s));
  mutter->fire("active");  // the first input makes the state known again
  ASSERT_TRUE(run_until([&] { return observer_.count("input") == 1; }, 3s));
}

}  // namespace
}  // namespace screentime::adapters
