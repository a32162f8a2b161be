#pragma once
// One line of a screentime-replay timeline, parsed. The format is documented in
// docs/replay.md; its newest version is kTimelineFormat.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/activity.hpp"
#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/limits.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::replay {

// Format 1: accounting. Format 2 adds take-a-break reminders (BreakScheduler), format 3
// parental limits (LimitPolicy).
inline constexpr int kTimelineFormat = 3;

struct TimelineEvent {
  enum class Kind {
    start,
    stop,
    crash,
    state,
    sleep,
    wake,
    clock,
    timezone,
    config,
    totals,
    // Format 2:
    away,        // a short input pause that does not change the state
    back,        // input again after `away`
    answer,      // take, snooze, skip: the user's answer to the visible reminder
    dismiss,     // the user closed the notification
    pause,       // screentimectl pause for/until
    resume,      // screentimectl resume
    dnd,         // the notification server's do-not-disturb on/off
    presenting,  // fullscreen or an idle inhibitor on/off
    goal,        // the day's active time before the timeline's history, for the daily goal
    restart,     // a clean stop and a start at the same moment
    lock,        // the session's screen locker, through the activity arbiter
    unlock,      // its end
    idle,        // the input idle source: no input since `since`, through the arbiter
    input,       // the input idle source: input again, through the arbiter
    inhibit,     // an idle inhibitor taken
    uninhibit,   // and released
    // Format 3:
    limits,  // the limits in force from now
    grant,   // extra time for today
  };
  Kind kind{};
  protocol::OffsetDateTime at{};
  int needs_format = 1;  // the lowest timeline format this line is valid in

  // How the clocks moved since the previous event, when not simply with the wall clock.
  std::optional<core::BootTime> boot;     // "boot": seconds since boot
  std::optional<core::Duration> elapsed;  // "elapsed": real time passed
  core::Duration slept{};                 // "slept": of which suspended, unannounced

  std::optional<std::string> boot_id;                 // start
  bool reboot = false;                                // start
  std::optional<core::ActivityState> state;           // state, wake
  std::string source = "replay";                      // state, wake, idle, input
  std::string detail;                                 // state, wake
  std::optional<protocol::OffsetDateTime> since;      // state, away, idle: took effect earlier
  std::string time_zone;                              // timezone
  std::optional<core::DayStart> day_start;            // config
  std::optional<core::Duration> checkpoint_interval;  // config
  std::optional<core::Duration> idle_threshold;       // config
  std::optional<core::Duration> inhibitor_cap;        // config
  std::string who, why;                               // inhibit, uninhibit
  // config: break settings, each applied in turn to the settings so far.
  std::vector<std::function<void(core::BreakSettings&)>> break_settings;
  std::optional<core::LocalDate> from, to;                // totals
  core::BreakAnswer answer{};                             // answer
  std::optional<core::Duration> pause_for;                // pause "for"
  std::optional<protocol::OffsetDateTime> pause_until;    // pause "until", a date-time
  std::optional<std::chrono::minutes> pause_until_local;  // pause "until", "HH:MM" local
  bool on = false;                                        // dnd, presenting
  core::Duration goal_used{};                             // goal "used"
  std::optional<core::UserLimits> limits;                 // limits (none: "off")
  core::Duration extra{};                                 // grant
};

// Parses one JSON line; throws std::invalid_argument saying what is wrong.
TimelineEvent parse_timeline_event(std::string_view line);

// The optional first line {"format": N}: N, or nullopt for any other line; throws if this
// screentime-replay cannot read format N.
std::optional<int> format_line(std::string_view line);

// The event's name as written in a timeline ("take", not "answer").
std::string_view to_string(const TimelineEvent& event);

}  // namespace screentime::replay
