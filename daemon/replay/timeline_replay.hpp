#pragma once
// TimelineReplay: runs a scripted timeline through the core exactly as the daemon's loop
// would (FakeClock, UsageTracker, from format 2 a BreakScheduler beside it, deadlines fired
// on the way) and prints every decision as a JSON line. Single-threaded.

#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/fake_clock.hpp"
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
  // The daily goal's progress as the daemon would compute it: set by a `goal` event, then
  // growing while the state is active (on the monotonic clock: suspend never counts).
  struct Goal {
    long day = 0;
    core::Duration used{};
    core::MonotonicTime as_of{};
    bool counting = false;
  };

  void print_header(int version);
  void apply(const TimelineEvent& event);
  void apply_to_breaks(const TimelineEvent& event, const core::Instant& since);
  void move_clocks_to(const TimelineEvent& event);
  void wake_until(core::BootTime until);
  void keep(core::TrackerOutput output, std::string_view reason);
  void rearm();
  void sync_presence(const core::Instant& since);
  void sync_goal(bool resend);
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
  std::optional<Goal> goal_;
  std::optional<core::Reminder> reminder_shown_;  // as last printed
};

}  // namespace screentime::replay
