// Property test of the core: events that arrive at the same instant (a lock, the idle hint,
// the screen saver, input or the input idle source's report "idle since the last input", the
// fullscreen window) give the same history whatever their order. Two sessions live the same
// month on one clock; at each burst one takes the events in the order drawn, the other in a
// random permutation. Bursts often fall exactly when the idle report is due, as a screen
// locker set to the same timeout would.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "daemon/core/fake_clock.hpp"
#include "daemon/core/user_session.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core::property {
namespace {

using namespace std::chrono_literals;
using testing::stockholm;
using testing::utc;

struct NoHistory final : UsageHistory {
  Duration stored_active_on(LocalDate, DayStart) const override { return Duration::zero(); }
};

// One session and what it recorded.
struct Lived {
  Lived(const Clock& clock, const SessionSettings& settings)
      : session(clock, "boot-1", settings, history) {
    session.start(std::nullopt, std::nullopt);
    session.set_input_source("x11");
    session.set_login_session(SessionFacts{});
    collect();
  }
  void collect() {
    for (TrackerOutput& step : session.drain().tracker) {
      for (Interval& interval : step.closed) intervals.push_back(std::move(interval));
    }
  }
  NoHistory history;
  UserSession session;
  SessionFacts facts;
  std::vector<Interval> intervals;
};

class EqualTimeEvents : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(EqualTimeEvents, GiveTheSameHistoryInAnyOrder) {
  std::mt19937_64 rng(GetParam());
  FakeClock clock(utc(2026, 3, 1), stockholm());
  SessionSettings settings;
  settings.checkpoint_every = 5min;
  Lived in_order(clock, settings);
  Lived permuted(clock, settings);
  const auto both = [&](const std::function<void(Lived&)>& act) {
    act(in_order);
    act(permuted);
  };
  // The input idle source as the X11 one reports: a pause at a break's length, then idle at
  // the threshold, both dated at the last input.
  constexpr Duration kPause = 20s;
  const Duration threshold = settings.activity.idle_threshold;
  Instant last_input = clock.now();
  bool pause_told = false;
  bool idle_told = false;
  const WallTime end = clock.now().wall + std::chrono::days{31};
  int bursts = 0;
  int idle_reports = 0;
  while (clock.now().wall < end) {
    // Time passes, each session woken at its deadlines (the same ones, if all is well).
    const Duration pass{std::uniform_int_distribution<Duration::rep>(1000, 3'600'000)(rng)};
    BootTime until = clock.now().boot + pass;
    if (!idle_told && last_input.boot + threshold > clock.now().boot &&
        std::bernoulli_distribution(0.4)(rng)) {
      until = last_input.boot + threshold;  // the burst comes when the idle report is due
    }
    for (int wakeups = 0; wakeups < 10000; ++wakeups) {
      const auto a = in_order.session.next_deadline();
      const auto b = permuted.session.next_deadline();
      ASSERT_EQ(a.has_value(), b.has_value());
      if (!a || a->at > until) break;
      ASSERT_EQ(a->at, b->at);
      if (a->at > clock.now().boot) clock.advance(a->at - clock.now().boot);
      both([](Lived& lived) {
        lived.session.wake_up();
        lived.collect();
      });
    }
    if (until > clock.now().boot) clock.advance(until - clock.now().boot);
    if (!pause_told && clock.now().boot - last_input.boot >= kPause) {
      both([&](Lived& lived) {
        lived.session.input_idle(kPause, last_input);
        lived.collect();
      });
      pause_told = true;
    }

    // A burst: each of these at most once, in an order of its own for each session.
    std::vector<std::function<void(Lived&)>> events;
    if (std::bernoulli_distribution(0.5)(rng)) {
      const bool locked = std::bernoulli_distribution(0.5)(rng);
      events.push_back([locked](Lived& lived) {
        lived.facts.locked = locked;
        lived.session.set_login_session(lived.facts);
      });
    }
    if (std::bernoulli_distribution(0.5)(rng)) {
      const bool idle = std::bernoulli_distribution(0.5)(rng);
      events.push_back([idle](Lived& lived) {
        lived.facts.idle = idle;
        lived.session.set_login_session(lived.facts);
      });
    }
    if (std::bernoulli_distribution(0.5)(rng)) {
      const bool up = std::bernoulli_distribution(0.3)(rng);
      events.push_back([up](Lived& lived) { lived.session.set_screensaver_active(up); });
    }
    // Input, or the report that there was none for the threshold: never both at once.
    if (!idle_told && clock.now().boot - last_input.boot >= threshold &&
        std::bernoulli_distribution(0.7)(rng)) {
      events.push_back([threshold, last_input](Lived& lived) {
        lived.session.input_idle(threshold, last_input);
      });
      idle_told = true;
      ++idle_reports;
    } else if (std::bernoulli_distribution(0.6)(rng)) {
      events.push_back([](Lived& lived) { lived.session.input_seen(); });
      last_input = clock.now();
      pause_told = idle_told = false;
    }
    if (std::bernoulli_distribution(0.3)(rng)) {
      const bool on = std::bernoulli_distribution(0.5)(rng);
      events.push_back([on](Lived& lived) { lived.session.set_fullscreen(on); });
    }
    for (auto& event : events) event(in_order);
    std::shuffle(events.begin(), events.end(), rng);
    for (auto& event : events) event(permuted);
    both([](Lived& lived) { lived.collect(); });
    ++bursts;
    ASSERT_EQ(in_order.session.accountant().state(), permuted.session.accountant().state())
        << "burst " << bursts;
    ASSERT_EQ(in_order.intervals.size(), permuted.intervals.size()) << "burst " << bursts;
  }
  for (std::size_t i = 0; i < in_order.intervals.size(); ++i) {
    const Interval& a = in_order.intervals[i];
    const Interval& b = permuted.intervals[i];
    EXPECT_EQ(a.state, b.state) << i;
    EXPECT_EQ(a.start, b.start) << i;
    EXPECT_EQ(a.duration, b.duration) << i;
    EXPECT_EQ(a.source, b.source) << i;
  }
  EXPECT_GT(bursts, 500);
  EXPECT_GT(idle_reports, 100);
}

INSTANTIATE_TEST_SUITE_P(Seeds, EqualTimeEvents, ::testing::Values(1, 2, 3, 4, 5, 6, 7, 8));

}  // namespace
}  // namespace screentime::core::property
