// X11IdleSource and X11FullscreenWatch, the real things, in an io_context against the Xvfb of
// a private desktop session (with-desktop-session), with input made by `testenv-input`. The
// loop is driven as the daemon drives it: one DeadlineTimer armed from next_deadline(). Each
// case waits on events, with generous caps; fixed waits only where silence is the point.

#include "daemon/adapters/x11/x11_idle_source.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <xcb/xcb.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/adapters/x11/x11_fullscreen_watch.hpp"
#include "tests/integration/command_runner.hpp"
#include "tests/integration/x11_test_windows.hpp"

namespace screentime::adapters {
namespace {

using screentime::testing::run_shell;
using screentime::testing::shell_output;

using namespace std::chrono_literals;
using core::Duration;

// What the brief allows between a reported moment and the truth.
constexpr Duration kTolerance = 250ms;

Duration distance(core::WallTime a, core::WallTime b) { return a > b ? a - b : b - a; }

class RecordingObserver final : public core::IdleObserver {
 public:
  struct Idle {
    Duration threshold;
    core::Instant last_input;
  };

  void on_idle(Duration threshold, const core::Instant& last_input) override {
    idles.push_back({threshold, last_input});
    events.push_back("idle " + std::to_string(threshold.count()));
  }
  void on_input(const core::Instant& at) override {
    inputs.push_back(at);
    events.emplace_back("input");
  }
  void on_idle_source_lost(std::string_view why) override {
    events.push_back("lost " + std::string(why));
    ++lost;
  }

  std::vector<Idle> idles;
  std::vector<core::Instant> inputs;
  std::vector<std::string> events;  // in order: "idle 1000", "input", "lost …"
  int lost = 0;
};

class X11Test : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::debug); }
  void TearDown() override {
    if (display_) setenv("DISPLAY", display_->c_str(), 1);
  }

  // Input, then start: no report from a display left idle by the case before.
  void start(std::vector<Duration> thresholds, X11IdleMethod method = X11IdleMethod::kAuto) {
    ASSERT_TRUE(input());
    source_.emplace(io_, clock_, observer_, display_.value_or(""), method);
    source_->deadline_changed = [this] { rearm(); };
    ASSERT_TRUE(source_->start(thresholds));
    rearm();
  }

  // As the daemon does: one timer, armed to the earliest deadline.
  void rearm() {
    std::optional<core::BootTime> next = source_ ? source_->next_deadline() : std::nullopt;
    if (const auto watch_next = watch_ ? watch_->next_deadline() : std::nullopt) {
      if (!next || *watch_next < *next) next = watch_next;
    }
    timer_.arm(next);
  }

  void on_deadline() {
    if (source_) source_->on_deadline();
    if (watch_) watch_->on_deadline();
    rearm();
  }

  // Runs the loop until `done` holds (true) or `timeout` passes (false).
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      if (io_.stopped()) io_.restart();
      io_.run_one_for(100ms);
    }
    return true;
  }

  // Runs the loop for `time`: for making input at a pace, and for silence.
  void run_for(std::chrono::milliseconds time) {
    if (io_.stopped()) io_.restart();
    io_.run_for(time);
  }

  bool input(const std::string& how = "move") { return run_shell("testenv-input " + how); }

  // When the last input was, by the XSync IDLETIME counter (or `which` helper) read now.
  core::WallTime last_input_per_server(const std::string& which = "xsync-idle-ms") {
    const auto before = clock_.now().wall;
    const std::string text = shell_output("testenv-input " + which);
    const auto after = clock_.now().wall;
    EXPECT_FALSE(text.empty());
    // The counter was read somewhere in between: the middle is off by at most half of it.
    return before + (after - before) / 2 - Duration{std::stoll(text.empty() ? "0" : text)};
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  RecordingObserver observer_;
  DeadlineTimer timer_{io_, [this] { on_deadline(); }};
  std::optional<X11IdleSource> source_;
  std::optional<X11FullscreenWatch> watch_;
  std::optional<std::string> display_ =
      std::getenv("DISPLAY") ? std::optional<std::string>(std::getenv("DISPLAY")) : std::nullopt;
};

TEST_F(X11Test, IdleAtEachThresholdBackdatedThenInputOnce) {
  ASSERT_NO_FATAL_FAILURE(start({2s, 1s}));
  EXPECT_EQ(source_->name(), "x11");
  EXPECT_EQ(source_->describe(), "X11 XSync IDLETIME on " + display_.value_or(""));
  EXPECT_EQ(source_->precision(), Duration::zero());
  EXPECT_FALSE(source_->next_deadline());  // nothing to poll

  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 1; }));
  EXPECT_EQ(observer_.idles[0].threshold, 1s);
  EXPECT_LE(distance(observer_.idles[0].last_input.wall, last_input_per_server()), kTolerance);
  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 2; }));
  EXPECT_EQ(observer_.idles[1].threshold, 2s);
  EXPECT_LE(distance(observer_.idles[1].last_input.wall, last_input_per_server()), kTolerance);
  // The same input ended both.
  EXPECT_LE(distance(observer_.idles[0].last_input.wall, observer_.idles[1].last_input.wall), 50ms);

  const auto before = clock_.now().wall;
  ASSERT_TRUE(input());
  const auto after = clock_.now().wall;
  ASSERT_TRUE(run_until([&] { return observer_.inputs.size() == 1; }));
  EXPECT_GE(observer_.inputs[0].wall, before - kTolerance);
  EXPECT_LE(observer_.inputs[0].wall, after + kTolerance);

  // More input says nothing until the user is idle again.
  ASSERT_TRUE(input("key"));
  ASSERT_TRUE(input("click 2"));
  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 3; }));
  EXPECT_EQ(observer_.events,
            (std::vector<std::string>{"idle 1000", "idle 2000", "input", "idle 1000"}));
}

// The daemon's acceptance case, at the source: the idle start is the last input.
TEST_F(X11Test, AfterSteadyInputIdleStartsAtTheLastInput) {
  ASSERT_NO_FATAL_FAILURE(start({1s, 2s}));
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; std::chrono::steady_clock::now() - began < 3s; ++i) {
    ASSERT_TRUE(input("move " + std::to_string(100 + i % 50) + " 100"));
    run_for(200ms);
  }
  const auto last_move = clock_.now().wall;
  EXPECT_TRUE(observer_.events.empty());
  // Silence past the 2 s threshold.
  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 2; }));
  const auto per_server = last_input_per_server();
  for (const auto& idle : observer_.idles) {
    EXPECT_LE(distance(idle.last_input.wall, per_server), kTolerance) << idle.threshold.count();
    std::printf("idle %lld ms: reported idle start - IDLETIME's: %lld ms\n",
                static_cast<long long>(idle.threshold.count()),
                static_cast<long long>((idle.last_input.wall - per_server).count()));
  }
  EXPECT_LE(distance(observer_.idles[1].last_input.wall, last_move), kTolerance);

  ASSERT_TRUE(input());
  ASSERT_TRUE(run_until([&] { return observer_.inputs.size() == 1; }));
  EXPECT_LE(distance(observer_.inputs[0].wall, clock_.now().wall), 1s);
}

TEST_F(X11Test, SetThresholdsReplacesTheAlarms) {
  ASSERT_NO_FATAL_FAILURE(start({1s, 2s}));
  source_->set_thresholds(std::vector<Duration>{1500ms, 2500ms});
  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 2; }));
  // Neither 1 s nor 2 s came first.
  EXPECT_EQ(observer_.events, (std::vector<std::string>{"idle 1500", "idle 2500"}));
  EXPECT_LE(distance(observer_.idles[1].last_input.wall, last_input_per_server()), kTolerance);

  // While away: a threshold already passed reports at once, backdated; 2500 only once.
  source_->set_thresholds(std::vector<Duration>{1s, 2500ms});
  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 3; }));
  EXPECT_EQ(observer_.idles[2].threshold, 1s);
  EXPECT_LE(distance(observer_.idles[2].last_input.wall, observer_.idles[0].last_input.wall), 50ms);
  ASSERT_TRUE(input());
  ASSERT_TRUE(run_until([&] { return observer_.inputs.size() == 1; }));
  EXPECT_EQ(observer_.idles.size(), 3u);
}

TEST_F(X11Test, WithoutXSyncPollsTheScreenSaverIdleTime) {
  ASSERT_NO_FATAL_FAILURE(start({500ms, 1s}, X11IdleMethod::kScreenSaverQuery));
  EXPECT_EQ(source_->precision(), 1s);
  EXPECT_NE(source_->describe().find("MIT-SCREEN-SAVER"), std::string::npos);
  // The first poll is due when 500 ms could be reached at the earliest, not sooner.
  ASSERT_TRUE(source_->next_deadline());
  EXPECT_GE(*source_->next_deadline() - clock_.now().boot, 300ms);

  ASSERT_TRUE(run_until([&] { return observer_.idles.size() == 2; }));
  const auto per_server = last_input_per_server("idle-ms");
  for (const auto& idle : observer_.idles) {
    EXPECT_LE(distance(idle.last_input.wall, per_server), kTolerance) << idle.threshold.count();
  }
  // While away, input is looked for every second.
  ASSERT_TRUE(source_->next_deadline());
  EXPECT_LE(*source_->next_deadline() - clock_.now().boot, 1s);
  const auto before = clock_.now().wall;
  ASSERT_TRUE(input());
  ASSERT_TRUE(run_until([&] { return observer_.inputs.size() == 1; }, 3s));
  EXPECT_GE(observer_.inputs[0].wall, before - kTolerance);
  // Input is seen up to a second late: by then 500 ms may have passed again (same poll).
  observer_.events.resize(3);
  EXPECT_EQ(observer_.events, (std::vector<std::string>{"idle 500", "idle 1000", "input"}));
}

TEST_F(X11Test, FullscreenActiveWindowMeansPresenting) {
  TestWindows windows;
  ASSERT_TRUE(windows.ok());
  windows.set_active(XCB_WINDOW_NONE);
  std::vector<std::pair<bool, std::string>> changes;
  watch_.emplace(io_, clock_, display_.value_or(""), [&](bool presenting, std::string title) {
    changes.emplace_back(presenting, title);
  });
  ASSERT_TRUE(watch_->start());
  EXPECT_FALSE(watch_->presenting());
  EXPECT_TRUE(changes.empty());

  const xcb_window_t slides = windows.create("Slides – quarterly");
  windows.set_active(slides);
  windows.set_fullscreen(slides, true);  // on the active window: followed there
  ASSERT_TRUE(run_until([&] { return watch_->presenting(); }));
  EXPECT_EQ(changes.back(), std::make_pair(true, std::string("Slides – quarterly")));
  windows.set_title(slides, "Slides – page 2");
  ASSERT_TRUE(run_until([&] { return watch_->window_title() == "Slides – page 2"; }));
  windows.set_fullscreen(slides, false);
  ASSERT_TRUE(run_until([&] { return !watch_->presenting(); }));

  // Switching to a window that is fullscreen already, and away from it.
  windows.set_fullscreen(slides, true);
  ASSERT_TRUE(run_until([&] { return watch_->presenting(); }));
  const xcb_window_t editor = windows.create("Editor");
  windows.set_active(editor);
  ASSERT_TRUE(run_until([&] { return !watch_->presenting(); }));
  windows.set_active(slides);
  ASSERT_TRUE(run_until([&] { return watch_->presenting(); }));
  windows.set_active(XCB_WINDOW_NONE);
  ASSERT_TRUE(run_until([&] { return !watch_->presenting(); }));
  EXPECT_EQ(changes.size(), 7u);
}

TEST_F(X11Test, NoDisplayOrNoServerIsNotAvailable) {
  X11IdleSource without(io_, clock_, observer_, "");
  EXPECT_FALSE(without.start(std::vector<Duration>{1s}));
  X11IdleSource unreachable(io_, clock_, observer_, ":250");  // nothing listens there
  EXPECT_FALSE(unreachable.start(std::vector<Duration>{1s}));
  X11FullscreenWatch watch(io_, clock_, ":250", nullptr);
  EXPECT_FALSE(watch.start());
  EXPECT_TRUE(observer_.events.empty());
}

// Last: it replaces the X server.
TEST_F(X11Test, ServerRestartLosesThenReportsAgain) {
  ASSERT_NO_FATAL_FAILURE(start({1s, 2s}));
  auto windows = std::make_unique<TestWindows>();
  const xcb_window_t video = windows->create("Video");
  windows->set_fullscreen(video, true);
  windows->set_active(video);
  watch_.emplace(io_, clock_, display_.value_or(""), [](bool, std::string) {});
  watch_->deadline_changed = [this] { rearm(); };
  ASSERT_TRUE(watch_->start());
  ASSERT_TRUE(watch_->presenting());

  // No notification server: the session would start it again as soon as it takes the new X
  // server for ready, which can be before that server accepts connections, and the restart
  // would fail with it. Nothing here needs one.
  ASSERT_TRUE(run_shell("testenv-notifications stop-server"));
  const std::string restarted = shell_output("testenv-x restart 2>&1 && echo restarted");
  ASSERT_NE(restarted.find("restarted"), std::string::npos) << restarted;
  windows.reset();
  ASSERT_TRUE(run_until([&] { return observer_.lost == 1 && !watch_->presenting(); }));
  EXPECT_NE(source_->describe().find("reconnecting"), std::string::npos);
  ASSERT_TRUE(source_->next_deadline());
  // Back: the current state is reported, whichever it is.
  const std::size_t seen = observer_.events.size();
  ASSERT_TRUE(run_until([&] { return observer_.events.size() > seen; }, 20s));
  EXPECT_EQ(source_->describe(), "X11 XSync IDLETIME on " + display_.value_or(""));
  EXPECT_FALSE(source_->next_deadline());

  // The alarms work on the new server, and so does the watch.
  ASSERT_TRUE(input());
  const auto input_at = clock_.now().wall;
  ASSERT_TRUE(run_until([&] {
    return !observer_.idles.empty() && observer_.idles.back().threshold == 1s &&
           observer_.idles.back().last_input.wall > input_at - kTolerance;
  }));
  EXPECT_LE(distance(observer_.idles.back().last_input.wall, last_input_per_server()), kTolerance);
  ASSERT_TRUE(run_until([&] { return !watch_->next_deadline(); }, 20s));
  windows = std::make_unique<TestWindows>();
  ASSERT_TRUE(windows->ok());
  const xcb_window_t again = windows->create("Video again");
  windows->set_fullscreen(again, true);
  windows->set_active(again);
  EXPECT_TRUE(run_until([&] { return watch_->presenting(); }));
}

}  // namespace
}  // namespace screentime::adapters
