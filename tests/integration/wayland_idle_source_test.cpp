// WaylandIdleSource, the real thing, in an io_context against screentime_test_compositor: a
// real Wayland compositor offering ext-idle-notify-v1 or KDE's org_kde_kwin_idle (as sway 1.7
// does; every behaviour is checked with each), told on its stdin when the "user" touches
// something. No desktop session: the suite makes its own XDG_RUNTIME_DIR, and each
// case its own compositor on a socket named after the case. The daemon's deadline timer
// drives reconnecting, wired as the daemon wires it.

#include "daemon/adapters/wayland/wayland_idle_source.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "tests/wayland_compositor/compositor_process.hpp"

namespace screentime::adapters {
namespace {

using namespace std::chrono_literals;
using testing::CompositorProcess;

// How far a reported moment may lie from the one the test expects.
constexpr core::Duration kSlack = 250ms;

struct Event {
  enum class Kind { idle, input, lost };
  Kind kind;
  core::Duration threshold{};  // idle
  core::Instant at;            // idle: the last input; input: its moment
  core::Instant noticed;       // when the observer heard of it
  std::string why;             // lost
};

class RecordingObserver final : public core::IdleObserver {
 public:
  explicit RecordingObserver(const core::Clock& clock) : clock_(clock) {}

  void on_idle(core::Duration threshold, const core::Instant& last_input) override {
    events.push_back({Event::Kind::idle, threshold, last_input, clock_.now(), {}});
  }
  void on_input(const core::Instant& at) override {
    events.push_back({Event::Kind::input, {}, at, clock_.now(), {}});
  }
  void on_idle_source_lost(std::string_view why) override {
    events.push_back({Event::Kind::lost, {}, {}, clock_.now(), std::string(why)});
  }

  std::size_t count(Event::Kind kind) const {
    return static_cast<std::size_t>(
        std::ranges::count_if(events, [kind](const Event& event) { return event.kind == kind; }));
  }
  std::vector<Event> of(Event::Kind kind) const {
    std::vector<Event> result;
    std::ranges::copy_if(events, std::back_inserter(result),
                         [kind](const Event& event) { return event.kind == kind; });
    return result;
  }

  std::vector<Event> events;

 private:
  const core::Clock& clock_;
};

bool near(const core::Instant& actual, const core::Instant& expected) {
  const auto apart = actual.boot - expected.boot;
  return apart <= kSlack && apart >= -kSlack;
}

class WaylandIdleSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (std::filesystem::temp_directory_path() / "screentime-wl-XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);  // mode 0700, as XDG_RUNTIME_DIR must be
    runtime_dir_ = pattern;
    setenv("XDG_RUNTIME_DIR", runtime_dir_.c_str(), 1);
    unsetenv("WAYLAND_SOCKET");
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(runtime_dir_); }

  void SetUp() override {
    source_.deadline_changed = [this] { timer_.arm(source_.next_deadline()); };
  }

  // The case's own Wayland display name: the source connects to it, the compositor listens.
  static std::string case_display() {
    std::string name =
        std::string("wayland-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::ranges::replace(name, '/', '-');  // a parameterised case's
    return name;
  }

  // Starts (or restarts) the case's compositor and points WAYLAND_DISPLAY at it.
  void start_compositor(std::vector<std::string> arguments) {
    const std::string name = case_display();
    arguments.insert(arguments.end(), {"--socket", name});
    compositor_ = std::make_unique<CompositorProcess>(SCREENTIME_TEST_COMPOSITOR, arguments);
    setenv("WAYLAND_DISPLAY", compositor_->socket().c_str(), 1);
  }

  // The user touches something now.
  core::Instant input() {
    EXPECT_TRUE(compositor_->send("input"));
    return clock_.now();
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
  bool run_until_count(Event::Kind kind, std::size_t count,
                       std::chrono::milliseconds timeout = 10s) {
    return run_until([&] { return observer_.count(kind) >= count; }, timeout);
  }
  void run_for(std::chrono::milliseconds duration) {
    run_until([] { return false; }, duration);
  }

  static inline std::string runtime_dir_;
  boost::asio::io_context io_;
  SystemClock clock_;
  RecordingObserver observer_{clock_};
  WaylandIdleSource source_{io_, clock_, observer_, case_display()};
  DeadlineTimer timer_{io_, [this] {
                         source_.on_deadline();
                         timer_.arm(source_.next_deadline());
                       }};
  std::unique_ptr<CompositorProcess> compositor_;
};

// The same behaviours with each protocol the compositor may offer alone.
struct Protocol {
  const char* option;  // the test compositor's --idle
  const char* label;   // as describe() names it
};

class WaylandIdleProtocolTest : public WaylandIdleSourceTest,
                                public ::testing::WithParamInterface<Protocol> {
 protected:
  void start_compositor() {
    WaylandIdleSourceTest::start_compositor({"--idle", GetParam().option});
  }
  void start(const std::vector<core::Duration>& thresholds) {
    start_compositor();
    ASSERT_TRUE(source_.start(thresholds));
  }
  std::string described() const {
    return std::string("Wayland ") + GetParam().label + " on " + compositor_->socket();
  }
};

INSTANTIATE_TEST_SUITE_P(Alone, WaylandIdleProtocolTest,
                         ::testing::Values(Protocol{"ext", "ext-idle-notify-v1"},
                                           Protocol{"kde", "org_kde_kwin_idle"}),
                         [](const auto& each) { return std::string(each.param.option); });

TEST_P(WaylandIdleProtocolTest, ReportsEachThresholdInOrderBackdatedToTheLastInput) {
  start({2s, 1s});
  EXPECT_EQ(source_.name(), "wayland");
  EXPECT_EQ(source_.describe(), described());
  EXPECT_EQ(source_.precision(), core::Duration::zero());
  EXPECT_FALSE(source_.next_deadline());

  const core::Instant last_input = input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 2));
  const auto idle = observer_.of(Event::Kind::idle);
  EXPECT_EQ(idle[0].threshold, 1s);
  EXPECT_EQ(idle[1].threshold, 2s);
  for (const Event& event : idle) {
    EXPECT_TRUE(near(event.at, last_input)) << event.threshold.count();
    // Each object keeps its own timeout: not a moment early.
    EXPECT_GE(event.noticed.boot - last_input.boot, event.threshold - 20ms);
  }
  EXPECT_EQ(observer_.count(Event::Kind::input), 0u);
}

TEST_P(WaylandIdleProtocolTest, InputEndsTheIdleSpellOnceAndRestartsTheTimeouts) {
  start({1s, 2s});
  input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 2));

  const core::Instant back = input();  // both objects say `resumed`
  ASSERT_TRUE(run_until_count(Event::Kind::input, 1));
  EXPECT_TRUE(near(observer_.of(Event::Kind::input)[0].at, back));
  run_for(300ms);
  EXPECT_EQ(observer_.count(Event::Kind::input), 1u);

  ASSERT_TRUE(run_until_count(Event::Kind::idle, 3));
  const Event again = observer_.of(Event::Kind::idle)[2];
  EXPECT_EQ(again.threshold, 1s);
  EXPECT_TRUE(near(again.at, back));
}

TEST_P(WaylandIdleProtocolTest, IdleAtOnceReportsEveryThreshold) {
  start({1min, 2min});
  ASSERT_TRUE(compositor_->send("idle"));
  const core::Instant told = clock_.now();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 2, 5s));
  const auto idle = observer_.of(Event::Kind::idle);
  EXPECT_EQ(idle[0].threshold, 1min);
  EXPECT_TRUE(near(idle[0].at, told.earlier_by(1min)));
  EXPECT_EQ(idle[1].threshold, 2min);
  // `idle` jumps past both timeouts: each is backdated by its own threshold.
  EXPECT_TRUE(near(idle[1].at, told.earlier_by(2min)));

  input();
  ASSERT_TRUE(run_until_count(Event::Kind::input, 1, 5s));
}

TEST_P(WaylandIdleProtocolTest, SetThresholdsReplacesTheNotifications) {
  start({1min});
  source_.set_thresholds(std::vector<core::Duration>{1s});
  const core::Instant last_input = input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 1, 5s));
  const Event idle = observer_.events.at(0);
  EXPECT_EQ(idle.threshold, 1s);
  EXPECT_TRUE(near(idle.at, last_input));
}

TEST_P(WaylandIdleProtocolTest, SetThresholdsDuringAnIdleSpellKeepsItsStart) {
  start({1s});
  const core::Instant last_input = input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 1));
  // The new 1 s object goes idle again, the 2 s one counts from its creation: neither moves
  // the start of the spell, and 1 s is not reported twice.
  source_.set_thresholds(std::vector<core::Duration>{1s, 2s});
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 2));
  const auto idle = observer_.of(Event::Kind::idle);
  EXPECT_EQ(idle[1].threshold, 2s);
  EXPECT_TRUE(near(idle[1].at, last_input));
  EXPECT_EQ(idle[1].at.boot, idle[0].at.boot);

  // The objects made idle before the change see the spell out.
  const core::Instant back = input();
  ASSERT_TRUE(run_until_count(Event::Kind::input, 1, 5s));
  EXPECT_TRUE(near(observer_.of(Event::Kind::input)[0].at, back));
  run_for(300ms);
  EXPECT_EQ(observer_.count(Event::Kind::idle), 2u);
}

TEST_P(WaylandIdleProtocolTest, InputAfterAChangeDuringAnIdleSpellIsSeen) {
  start({1s});
  input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 1));
  source_.set_thresholds(std::vector<core::Duration>{2s});  // new objects start "not idle"
  const core::Instant back = input();
  ASSERT_TRUE(run_until_count(Event::Kind::input, 1, 5s));
  EXPECT_TRUE(near(observer_.of(Event::Kind::input)[0].at, back));
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 2));
  const Event idle = observer_.of(Event::Kind::idle)[1];
  EXPECT_EQ(idle.threshold, 2s);
  EXPECT_TRUE(near(idle.at, back));
}

TEST_P(WaylandIdleProtocolTest, ReconnectsWhenTheCompositorComesBack) {
  start({1s});
  compositor_->kill();
  ASSERT_TRUE(run_until_count(Event::Kind::lost, 1, 5s));
  EXPECT_NE(observer_.events.back().why.find("closed the connection"), std::string::npos)
      << observer_.events.back().why;
  ASSERT_TRUE(source_.next_deadline());
  EXPECT_NE(source_.describe().find("reconnecting"), std::string::npos);

  start_compositor();  // the same socket name; the dead one's file is still there
  ASSERT_TRUE(run_until([&] { return !source_.next_deadline(); }, 10s));
  EXPECT_EQ(source_.describe(), described());
  const core::Instant last_input = input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 1, 5s));
  EXPECT_TRUE(near(observer_.of(Event::Kind::idle)[0].at, last_input));
  EXPECT_EQ(observer_.count(Event::Kind::lost), 1u);
}

TEST_F(WaylandIdleSourceTest, StartFailsWithoutWaylandDisplay) {
  WaylandIdleSource without(io_, clock_, observer_, "");
  EXPECT_FALSE(without.start(std::vector<core::Duration>{1s}));
  EXPECT_EQ(without.describe(), "Wayland idle notifications (not started)");
}

TEST_F(WaylandIdleSourceTest, StartFailsWhenNoCompositorListens) {
  WaylandIdleSource nobody(io_, clock_, observer_, "wayland-nobody");
  EXPECT_FALSE(nobody.start(std::vector<core::Duration>{1s}));
}

TEST_F(WaylandIdleSourceTest, PrefersExtIdleNotifyWhenBothAreOffered) {
  start_compositor({"--idle", "both"});  // org_kde_kwin_idle is announced first
  ASSERT_TRUE(source_.start(std::vector<core::Duration>{1s}));
  EXPECT_EQ(source_.describe(), "Wayland ext-idle-notify-v1 on " + compositor_->socket());
  const core::Instant last_input = input();
  ASSERT_TRUE(run_until_count(Event::Kind::idle, 1, 5s));
  EXPECT_TRUE(near(observer_.events.at(0).at, last_input));
  input();
  ASSERT_TRUE(run_until_count(Event::Kind::input, 1, 5s));
}

TEST_F(WaylandIdleSourceTest, StartFailsWithoutAnIdleProtocol) {
  start_compositor({"--idle", "none"});
  EXPECT_FALSE(source_.start(std::vector<core::Duration>{1s}));
  EXPECT_FALSE(source_.next_deadline());
  EXPECT_TRUE(observer_.events.empty());
}

}  // namespace
}  // namespace screentime::adapters
