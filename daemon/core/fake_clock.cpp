#include "daemon/core/fake_clock.hpp"

namespace screentime::core {

FakeClock::FakeClock(WallTime wall, std::shared_ptr<const TimeZone> zone, Duration since_boot)
    : now_{wall, BootTime{since_boot}, MonotonicTime{since_boot}}, zone_(std::move(zone)) {}

UtcOffset FakeClock::utc_offset(WallTime at) const {
  return zone_ ? zone_->utc_offset(at) : UtcOffset{0};
}

void FakeClock::advance(Duration elapsed) {
  now_.wall += elapsed;
  now_.boot += elapsed;
  now_.monotonic += elapsed;
}

void FakeClock::suspend(Duration asleep) {
  now_.wall += asleep;
  now_.boot += asleep;
}

void FakeClock::jump_wall(Duration by) { now_.wall += by; }

void FakeClock::reboot(Duration downtime, Duration since_boot) {
  now_.wall += downtime;
  now_.boot = BootTime{since_boot};
  now_.monotonic = MonotonicTime{since_boot};
}

}  // namespace screentime::core
