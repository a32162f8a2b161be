#pragma once
// The time types every part of screentime speaks: three clocks read together, and durations
// in milliseconds. Durations are measured on the boot clock (it counts suspend); wall time is
// used only to place intervals on the calendar.

#include <chrono>
#include <cstdint>

namespace screentime::core {

using Duration = std::chrono::milliseconds;

// Tag clocks: readings come only through Clock, so these have no now().
struct BootClock {  // CLOCK_BOOTTIME: runs on during suspend.
  using duration = Duration;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<BootClock>;
  static constexpr bool is_steady = true;
};

struct MonotonicClock {  // CLOCK_MONOTONIC: stops during suspend.
  using duration = Duration;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<MonotonicClock>;
  static constexpr bool is_steady = true;
};

using BootTime = BootClock::time_point;
using MonotonicTime = MonotonicClock::time_point;
using WallTime = std::chrono::sys_time<Duration>;  // UTC, milliseconds since the Unix epoch
using UtcOffset = std::chrono::seconds;            // local time minus UTC

// A duration in whole seconds, cut toward zero: what the protocol's `*_seconds` fields carry.
inline std::int64_t to_seconds(Duration duration) {
  return std::chrono::duration_cast<std::chrono::seconds>(duration).count();
}

// One reading of the three clocks at (as nearly as possible) the same moment.
struct Instant {
  WallTime wall{};
  BootTime boot{};
  MonotonicTime monotonic{};

  // Time spent suspended since boot: a jump in it between two readings means the machine
  // slept in between, whether or not anyone announced it.
  Duration suspended_since_boot() const {
    return boot.time_since_epoch() - monotonic.time_since_epoch();
  }

  // The same moment seen `ago` earlier on every clock (for events reported late, such as
  // "idle since"). Suspend is assumed not to fall inside `ago`.
  Instant earlier_by(Duration ago) const { return {wall - ago, boot - ago, monotonic - ago}; }
};

}  // namespace screentime::core
