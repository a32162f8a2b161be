#pragma once
// Clock: where the core gets the time. Implemented by the system clock adapter and by
// FakeClock; nothing in the core reads a clock any other way.

#include "daemon/core/time.hpp"

namespace screentime::core {

class Clock {
 public:
  virtual ~Clock() = default;

  // The three clocks read together.
  virtual Instant now() const = 0;

  // Local-time conversion: the UTC offset the local time zone has at `at`. Rules may change
  // (the user changes zone); callers must not cache the answer across events.
  virtual UtcOffset utc_offset(WallTime at) const = 0;
};

}  // namespace screentime::core
