#include "daemon/adapters/system/system_clock.hpp"

#include <ctime>
#include <fstream>

namespace screentime::adapters {
namespace {

core::Duration read(clockid_t id) {
  timespec now{};
  clock_gettime(id, &now);
  return std::chrono::duration_cast<core::Duration>(std::chrono::seconds{now.tv_sec} +
                                                    std::chrono::nanoseconds{now.tv_nsec});
}

}  // namespace

core::Instant SystemClock::now() const {
  return {core::WallTime{read(CLOCK_REALTIME)}, core::BootTime{read(CLOCK_BOOTTIME)},
          core::MonotonicTime{read(CLOCK_MONOTONIC)}};
}

core::UtcOffset SystemClock::utc_offset(core::WallTime at) const {
  const std::time_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  std::tm local{};
  if (!localtime_r(&seconds, &local)) return core::UtcOffset{0};
  return core::UtcOffset{local.tm_gmtoff};
}

void SystemClock::reload_time_zone() { tzset(); }

std::string read_boot_id() {
  std::ifstream file("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(file, id);
  return id;
}

}  // namespace screentime::adapters
