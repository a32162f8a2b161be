#pragma once
// FakeClock: a Clock whose three clocks move only when told, each on its own, so tests and
// screentime-replay can script suspend (boot and wall move, monotonic stands still) and
// wall-clock jumps (only wall moves). Single-threaded.

#include <memory>

#include "daemon/core/clock.hpp"
#include "daemon/core/time_zone.hpp"

namespace screentime::core {

class FakeClock final : public Clock {
 public:
  // Boot and monotonic start at `since_boot`, as if the machine booted that long ago.
  explicit FakeClock(WallTime wall, std::shared_ptr<const TimeZone> zone = nullptr,
                     Duration since_boot = std::chrono::minutes{1});

  Instant now() const override { return now_; }
  UtcOffset utc_offset(WallTime at) const override;

  // Time passes with the machine awake: every clock moves by `elapsed`.
  void advance(Duration elapsed);
  // The machine sleeps for `asleep`: boot and wall move, monotonic does not.
  void suspend(Duration asleep);
  // Someone sets the wall clock: only wall moves (backwards when `by` is negative).
  void jump_wall(Duration by);
  void set_wall(WallTime wall) { now_.wall = wall; }
  // A reboot: boot and monotonic start again from `since_boot`; wall moves by `downtime`.
  void reboot(Duration downtime, Duration since_boot = std::chrono::seconds{30});
  void set_zone(std::shared_ptr<const TimeZone> zone) { zone_ = std::move(zone); }

 private:
  Instant now_;
  std::shared_ptr<const TimeZone> zone_;
};

}  // namespace screentime::core
