#pragma once
// TimelineReplay: runs a scripted timeline through the core exactly as the daemon's loop
// would (FakeClock, UsageTracker, deadlines fired on the way) and prints every decision as a
// JSON line. Single-threaded.

#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

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
  void apply(const TimelineEvent& event);
  void move_clocks_to(const TimelineEvent& event);
  void wake_until(core::BootTime until);
  void keep(core::TrackerOutput output, std::string_view reason);
  void print_days(core::LocalDate from, core::LocalDate to);
  std::string local(core::WallTime at) const;

  std::ostream& out_;
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
};

}  // namespace screentime::replay
