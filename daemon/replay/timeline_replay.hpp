#pragma once
// TimelineReplay: runs a scripted timeline through the daemon's own per-user session
// (core::UserSession: the tracker, the activity arbiter, the break scheduler and the goal's
// figure) on a FakeClock, firing every deadline on the way, and prints every decision as a
// JSON line. It parses and prints; every rule lives in the session. Single-threaded.

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "daemon/core/fake_clock.hpp"
#include "daemon/core/user_session.hpp"
#include "daemon/replay/timeline_event.hpp"

namespace screentime::replay {

class TimelineReplay final : private core::UsageHistory {
 public:
  // Time zones named in a timeline are read from `zoneinfo` (the system's database).
  TimelineReplay(std::ostream& out, std::string zoneinfo);

  // Feeds one input line; prints an error line and returns false when it is not valid.
  bool feed(std::string_view line, int line_number);
  // Prints the per-day totals of everything recorded (the open interval up to now).
  void finish();

 private:
  void print_header(int version);
  void apply(const TimelineEvent& event);
  void apply_to_session(const TimelineEvent& event, const core::Instant& since);
  void start_daemon(const TimelineEvent& event);
  void stop_daemon(bool clean);
  core::UserSession& running();
  void move_clocks_to(const TimelineEvent& event);
  void wake_until(core::BootTime until);
  // Prints what the session decided since the last call; `reason` labels its checkpoints.
  void report(std::string_view reason);
  void print_output(core::SessionOutput output, std::string_view reason);
  void print_tracker_step(const core::TrackerOutput& step, std::string_view reason);
  void print_restored();
  void print_break_events(const std::vector<core::BreakEvent>& events);
  void print_reminder();
  void print_limit_notices(const std::vector<core::LimitNotice>& notices);
  void rearm();
  core::WallTime local_time_today_or_tomorrow(std::chrono::minutes time_of_day) const;
  void print_days(core::LocalDate from, core::LocalDate to);
  std::vector<core::Interval> intervals_so_far() const;
  std::string local(core::WallTime at) const;
  core::LocalDate today() const;

  // core::UsageHistory: what the timeline recorded so far, and `goal` events.
  core::Duration stored_active_on(core::LocalDate day, core::DayStart day_start) const override;

  std::ostream& out_;
  int format_ = 1;
  bool header_printed_ = false;
  std::string zoneinfo_;
  std::shared_ptr<const core::TimeZone> zone_;
  std::unique_ptr<core::FakeClock> clock_;
  core::SessionSettings settings_;
  std::unique_ptr<core::UserSession> session_;
  // What the daemon's store would hold.
  std::vector<core::Interval> history_;
  std::optional<core::LastSeen> last_seen_;
  std::optional<core::BreakSnapshot> saved_breaks_;     // with the last checkpoint
  std::optional<core::UserLimits> limits_;              // format 3: in force across restarts
  std::map<long, core::Duration> goal_before_history_;  // `goal` events, per local day
  std::string boot_id_ = "boot-1";
  int boots_ = 1;
  std::optional<core::BootTime> armed_at_;
  bool suspended_ = false;
  std::optional<core::WallTime> restored_from_;   // a start went on from this saved state
  std::optional<core::Reminder> reminder_shown_;  // as last printed
};

}  // namespace screentime::replay
