#include "tests/unit/property/year_simulation.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <random>

#include "daemon/core/day_attribution.hpp"
#include "daemon/core/fake_clock.hpp"
#include "daemon/core/user_session.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core::property {
namespace {

using namespace std::chrono_literals;
using testing::stockholm;
using testing::utc;

constexpr Duration kIdleThreshold = 5min;

// The history as the session reads it: what it recorded so far.
struct RecordedHistory final : UsageHistory {
  Duration stored_active_on(LocalDate day, DayStart day_start) const override {
    return totals_per_day(intervals, day, day, day_start).front().totals[ActivityState::active];
  }
  std::vector<Interval> intervals;
};

class YearDriver {
 public:
  explicit YearDriver(const YearSettings& settings) : settings_(settings), rng_(settings.seed) {
    session_settings_.checkpoint_every = 5min;
    session_settings_.activity.idle_threshold = kIdleThreshold;
  }

  YearRun run() {
    const Instant first = clock_.now();
    start();
    const WallTime end = first.wall + std::chrono::days{settings_.days};
    while (clock_.now().wall < end) {
      step();
      ++run_.events;
      check_timers();
    }
    session_->stop();
    collect();
    run_.boot_lived = clock_.now().boot - first.boot;
    run_.intervals = std::move(history_.intervals);
    return std::move(run_);
  }

 private:
  Duration between(Duration low, Duration high) {
    return Duration{std::uniform_int_distribution<Duration::rep>(low.count(), high.count())(rng_)};
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  SessionFacts facts() const {
    SessionFacts facts;
    facts.locked = locked_;
    facts.idle = idle_hint_;
    return facts;
  }

  void start() {
    session_ = std::make_unique<UserSession>(clock_, "boot-1", session_settings_, history_);
    session_->start(last_seen_, snapshot_);
    session_->set_input_source("x11");  // active from now, as a source that just started
    session_->set_login_session(facts());
    last_input_ = clock_.now();
    idle_due_ = last_input_.boot + kIdleThreshold;
    collect();
  }

  void collect() {
    SessionOutput output = session_->drain();
    for (TrackerOutput& step : output.tracker) {
      for (Interval& interval : step.closed) history_.intervals.push_back(std::move(interval));
      if (step.checkpoint) last_seen_ = step.checkpoint;
    }
    if (output.break_snapshot) snapshot_ = output.break_snapshot;
  }

  // Time passes as it does for the daemon: it wakes at every deadline the session asks for,
  // and the input idle source says "idle" once the threshold has passed since the last input.
  void pass(Duration elapsed) {
    const BootTime until = clock_.now().boot + elapsed;
    if (idle_due_ && *idle_due_ <= until) {
      const BootTime at = *idle_due_;
      idle_due_.reset();
      pass(at - clock_.now().boot);
      session_->input_idle(kIdleThreshold, last_input_);
      collect();
      check_timers();
      pass(until - clock_.now().boot);
      return;
    }
    for (int wakeups = 0; wakeups < 100000; ++wakeups) {
      const auto deadline = session_->next_deadline();
      if (!deadline || deadline->at > until) break;
      if (deadline->at > clock_.now().boot) clock_.advance(deadline->at - clock_.now().boot);
      const BootTime asked = deadline->at;
      session_->wake_up();
      collect();
      check_timers();
      const auto again = session_->next_deadline();
      if (again && again->at <= asked) {  // a deadline that does not move on would spin
        run_.timer_problems.push_back("a deadline did not move on after its wakeup");
        break;
      }
    }
    if (until > clock_.now().boot) clock_.advance(until - clock_.now().boot);
  }

  void input() {
    session_->input_seen();
    last_input_ = clock_.now();
    idle_due_ = last_input_.boot + kIdleThreshold;
  }

  void same_instant_burst() {
    const int count = std::uniform_int_distribution<int>(2, 4)(rng_);
    for (int i = 0; i < count; ++i) {
      switch (std::uniform_int_distribution<int>(0, 2)(rng_)) {
        case 0:
          input();
          break;
        case 1:
          locked_ = !locked_;
          session_->set_login_session(facts());
          break;
        default:
          idle_hint_ = !idle_hint_;
          session_->set_login_session(facts());
          break;
      }
    }
  }

  void step() {
    const int pick = std::uniform_int_distribution<int>(0, 99)(rng_);
    if (pick < 35) {
      pass(between(10s, 40min));
    } else if (pick < 65) {
      input();
    } else if (pick < 71) {
      locked_ = !locked_;
      session_->set_login_session(facts());
    } else if (pick < 75) {
      idle_hint_ = !idle_hint_;
      session_->set_login_session(facts());
    } else if (pick < 78) {
      session_->before_sleep();
      collect();
      clock_.suspend(between(1min, 10h));
      session_->after_sleep();
    } else if (pick < 79) {
      clock_.suspend(between(1min, 3h));  // unannounced: only the boot clock says so
      session_->wake_up();
    } else if (pick < 81) {
      Duration by = between(3s, 3h);
      if (settings_.backward_jumps && chance(0.5)) {
        by = -between(3s, 2h);
        run_.backward_jumped += -by;
      }
      clock_.jump_wall(by);
      ++run_.wall_jumps;
      session_->wake_up();
    } else if (pick < 82) {
      static constexpr std::array kStarts = {DayStart{0}, DayStart{4 * 60}, DayStart{6 * 60 + 30}};
      session_settings_.day_start = kStarts[std::uniform_int_distribution<std::size_t>(0, 2)(rng_)];
      session_->set_settings(session_settings_);
    } else if (pick < 90) {
      static constexpr std::array kAnswers = {BreakAnswer::take, BreakAnswer::snooze,
                                              BreakAnswer::skip};
      session_->answer(kAnswers[std::uniform_int_distribution<std::size_t>(0, 2)(rng_)]);
    } else if (pick < 92) {
      // kill -9: what the last checkpoint saved is all that survives.
      session_.reset();
      clock_.advance(between(1s, 2h));
      ++run_.restarts;
      start();
    } else if (pick < 93) {
      session_->stop();
      collect();
      session_.reset();
      clock_.advance(between(1s, 12h));
      ++run_.restarts;
      start();
    } else {
      same_instant_burst();
    }
    collect();
  }

  void check_timers() {
    const Instant now = clock_.now();
    for (const BreakTimerStatus& timer : session_->breaks().status(now).timers) {
      const Duration every = session_settings_.breaks.rule(timer.kind).every;
      if (timer.worked < Duration::zero() || timer.due_in < Duration::zero() ||
          timer.due_in > every) {
        run_.timer_problems.push_back("break timer " + std::string(to_string(timer.kind)) +
                                      ": worked " + std::to_string(timer.worked.count()) +
                                      " ms, due in " + std::to_string(timer.due_in.count()) +
                                      " ms, at event " + std::to_string(run_.events));
      }
    }
  }

  YearSettings settings_;
  std::mt19937_64 rng_;
  FakeClock clock_{utc(2026, 1, 1, 8), stockholm()};
  SessionSettings session_settings_;
  RecordedHistory history_;
  std::unique_ptr<UserSession> session_;
  std::optional<LastSeen> last_seen_;
  std::optional<BreakSnapshot> snapshot_;
  bool locked_ = false;
  bool idle_hint_ = false;
  Instant last_input_{};
  std::optional<BootTime> idle_due_;  // when the idle source says idle, unless input comes first
  YearRun run_;
};

}  // namespace

YearRun simulate_year(const YearSettings& settings) { return YearDriver(settings).run(); }

std::vector<std::string> check_year(const YearRun& run) {
  std::vector<std::string> problems = run.timer_problems;
  if (problems.size() > 5) problems.resize(5);
  Duration total{};
  int discontinuities = 0;
  int overlaps = 0;
  for (std::size_t i = 0; i < run.intervals.size(); ++i) {
    const Interval& interval = run.intervals[i];
    if (interval.duration <= Duration::zero()) {
      problems.push_back("interval " + std::to_string(i) + " has no positive duration");
    }
    total += interval.duration;
    if (i == 0) continue;
    const WallTime previous_end = run.intervals[i - 1].end();
    if (interval.start != previous_end) ++discontinuities;
    if (interval.start < previous_end && ++overlaps <= 3 && run.backward_jumped == Duration{}) {
      problems.push_back("overlap at interval " + std::to_string(i) + ": " +
                         std::string(to_string(run.intervals[i - 1].state)) + " " +
                         run.intervals[i - 1].source + " \"" + run.intervals[i - 1].detail +
                         "\" ends " + std::to_string((previous_end - interval.start).count()) +
                         " ms after " + std::string(to_string(interval.state)) + " " +
                         interval.source + " \"" + interval.detail + "\" starts");
    }
  }
  if (total != run.boot_lived) {
    problems.push_back("the intervals add up to " + std::to_string(total.count()) +
                       " ms, the boot clock lived " + std::to_string(run.boot_lived.count()));
  }
  if (discontinuities > run.wall_jumps) {
    problems.push_back(std::to_string(discontinuities) + " intervals do not start where the one " +
                       "before ended, with " + std::to_string(run.wall_jumps) + " wall jumps");
  }
  if (run.backward_jumped == Duration::zero() && overlaps > 0) {
    problems.push_back(std::to_string(overlaps) + " overlaps with the clock never set back");
  }
  if (run.intervals.empty()) return problems;
  for (const DayStart day_start : {DayStart{0}, kDefaultDayStart}) {
    const auto day_of = [&](WallTime at, int shift) {
      return LocalDate{std::chrono::sys_days{attributed_day(at, std::chrono::hours{1}, day_start)} +
                       std::chrono::days{shift}};
    };
    WallTime first = run.intervals.front().start;
    WallTime last = run.intervals.front().end();
    for (const Interval& interval : run.intervals) {
      first = std::min(first, interval.start);
      last = std::max(last, interval.end());
    }
    Duration days_total{};
    for (const DayTotals& day :
         totals_per_day(run.intervals, day_of(first, -2), day_of(last, 2), day_start)) {
      days_total += day.totals.total();
      if (day.totals.total() > 25h + run.backward_jumped) {
        problems.push_back("a day over 25 h: " + std::to_string(day.totals.total().count()) +
                           " ms");
      }
    }
    if (days_total != total) {
      problems.push_back("the days add up to " + std::to_string(days_total.count()) +
                         " ms, the intervals to " + std::to_string(total.count()));
    }
  }
  return problems;
}

}  // namespace screentime::core::property
