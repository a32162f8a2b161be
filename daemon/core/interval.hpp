#pragma once
// A closed stretch of time in one activity state: the unit of history.

#include <optional>
#include <string>

#include "daemon/core/activity.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

// Per-user state lives in objects keyed by uid, so the system role can account several
// users at once.
using UserId = std::uint32_t;

struct Interval {
  ActivityState state = ActivityState::unknown;
  WallTime start{};        // UTC, where the interval began on the wall clock
  Duration duration{};     // measured on the boot clock; never negative
  UtcOffset utc_offset{};  // local offset in force for the whole interval (split at changes)
  std::string source;      // what decided the state, e.g. "logind", "x11", "daemon"
  std::string detail;      // more about it, e.g. which inhibitor held the session active

  // Intervals are anchored at their start: a wall-clock jump during an interval moves no
  // time, it ends the interval and the next one starts at the new wall time.
  WallTime end() const { return start + duration; }

  friend bool operator==(const Interval&, const Interval&) = default;
};

// What the daemon persists about the present, so that after a crash or stop the gap is known.
// `open` is the interval still running, up to `wall` (a checkpoint); empty after a clean stop.
struct LastSeen {
  WallTime wall{};
  BootTime boot{};
  std::string boot_id;  // /proc/sys/kernel/random/boot_id: boot clock readings compare only
                        // within one boot
  std::optional<Interval> open;

  friend bool operator==(const LastSeen&, const LastSeen&) = default;
};

}  // namespace screentime::core
