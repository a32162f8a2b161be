#pragma once
// SystemClock: the real clocks (CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_MONOTONIC) and the
// system's local time zone through localtime_r.

#include <string>

#include "daemon/core/clock.hpp"

namespace screentime::adapters {

class SystemClock final : public core::Clock {
 public:
  core::Instant now() const override;
  core::UtcOffset utc_offset(core::WallTime at) const override;

  // Re-reads the zone (TZ, /etc/localtime) after it changed: glibc caches it.
  static void reload_time_zone();
};

// This boot's id (/proc/sys/kernel/random/boot_id): boot clock readings compare only
// within one boot. Empty if it cannot be read; then every restart counts as a new boot.
std::string read_boot_id();

}  // namespace screentime::adapters
