#pragma once
// One line of a screentime-replay timeline, parsed. The format is documented in
// docs/replay.md; its version is kTimelineFormat.

#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/activity.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/iso8601.hpp"

namespace screentime::replay {

inline constexpr int kTimelineFormat = 1;

struct TimelineEvent {
  enum class Kind { start, stop, crash, state, sleep, wake, clock, timezone, config, totals };
  Kind kind{};
  core::OffsetDateTime at{};

  // How the clocks moved since the previous event, when not simply with the wall clock.
  std::optional<core::BootTime> boot;     // "boot": seconds since boot
  std::optional<core::Duration> elapsed;  // "elapsed": real time passed
  core::Duration slept{};                 // "slept": of which suspended, unannounced

  std::optional<std::string> boot_id;                 // start
  bool reboot = false;                                // start
  std::optional<core::ActivityState> state;           // state, wake
  std::string source = "replay";                      // state, wake
  std::string detail;                                 // state, wake
  std::optional<core::OffsetDateTime> since;          // state: took effect earlier, e.g. last input
  std::string time_zone;                              // timezone
  std::optional<core::DayStart> day_start;            // config
  std::optional<core::Duration> checkpoint_interval;  // config
  std::optional<core::LocalDate> from, to;            // totals
};

// Parses one JSON line; throws std::invalid_argument saying what is wrong.
TimelineEvent parse_timeline_event(std::string_view line);

// True for the optional first line {"format": N}; throws if N is not kTimelineFormat.
bool is_format_line(std::string_view line);

std::string_view to_string(TimelineEvent::Kind kind);

}  // namespace screentime::replay
