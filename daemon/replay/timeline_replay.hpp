#pragma once
// TimelineReplay: runs a scripted timeline through the core exactly as the daemon's loop
// would (FakeClock, UsageTracker, from format 2 an ActivityArbiter, a BreakScheduler and the
// GoalFeed beside it, deadlines fired on the way) and prints every decision as a JSON line.
// Single-threaded.

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "daemon/core/activity_arbiter.hpp"
#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/fake_clock.hpp"
#include "daemon/core/goal_feed.hpp"
#include "daemon/core/usage_tracker.hpp"
#include "daemon/replay/timeline_event.hpp"

namespace screentime::replay {

class TimelineReplay {
 public:
  explicit TimelineReplay(std::ostream& out);

  // Feeds one input line; prints an error line and returns false when it is not valid.
  bool feed(std::string_view line, int line_number);
  // Prints the per-day totals of everything recorded (the open interval up to now).
  void finish();

 private:
  void print_header(int version);
  void apply(const TimelineEvent& event);
  void start_daemon(const TimelineEvent& event);
  void stop_daemon(bool clean);
  void apply_to_arbiter(const TimelineEvent& event);
  void apply_to_breaks(const TimelineEvent& event, const core::Instant& since);
  void start_breaks();
  void move_clocks_to(const TimelineEvent& event);
  void wake_until(core::BootTime until);
  void keep(core::TrackerOutput output, std::string_view reason);
  void rearm();
  void sync_presence(const core::Instant& since);
  void sync_goal(bool reread);
  core::Duration active_on(core::LocalDate day) const;
  core::LocalDate today() const;
  void report_breaks();
  void stop_breaks();
  core::WallTime local_time_today_or_tomorrow(std::chrono::minutes time_of_day) const;
  void print_days(core::LocalDate from, core::LocalDate to);
  std::string local(core::WallTime at) const;

  std::ostream& out_;
  int format_ = 1;
  bool header_printed_ = false;
  std::shared_ptr<const core::TimeZone> zone_;
  std::unique_ptr<core::FakeClock> clock_;
  std::unique_ptr<core::UsageTracker> tracker_;
  std::vector<core::Interval> history_;
  std::optional<core::LastSeen> last_seen_;
  core::DayStart day_start_ = core::kDefaultDayStart;
  core::Duration checkpoint_every_ = std::chrono::minutes{5};
  std::string boot_id_ = "boot-1";
  int boots_ = 1;
  std::optional<core::BootTime> armed_deadline_;
  bool suspended_ = false;
  core::ActivityState state_before_sleep_ = core::ActivityState::unknown;
  std::string source_before_sleep_;

  // Format 2: take-a-break reminders.
  core::BreakSettings break_settings_;
  std::unique_ptr<core::BreakScheduler> breaks_;
  bool present_ = true;      // as last told to breaks_
  bool input_away_ = false;  // between `away` and `back` (or the next state)
  // The daemon's sources, merged: used once a timeline sends lock, unlock, idle or input.
  core::ActivityArbiter arbiter_;
  core::SessionFacts session_facts_;
  bool arbiter_decides_ = false;
  core::GoalFeed goal_feed_;
  std::map<long, core::Duration> goal_before_history_;  // `goal` events, per local day
  std::optional<core::BreakSnapshot> saved_breaks_;     // as of the last checkpoint or stop
  std::optional<core::Reminder> reminder_shown_;        // as last printed
};

}  // namespace screentime::replay
