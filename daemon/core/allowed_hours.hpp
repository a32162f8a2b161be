#pragma once
// Where a moment stands against a user's allowed hours: inside an allowed stretch (until
// when), or outside one (until when). Stretches are local time, per weekday, may run past
// midnight, and join across days ("20:00-24:00" then "00:00-07:00" is one stretch). Pure.

#include <functional>
#include <optional>

#include "daemon/core/limits.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

struct HoursStanding {
  bool allowed = true;
  // allowed: when the stretch ends; not allowed: when the next one begins. nullopt: not
  // within the coming week (allowed without end, or no allowed hour ahead).
  std::optional<WallTime> changes_at;
};

// `offset_at` is the Clock's utc_offset: local times are placed with the offset in force
// then, so a stretch that ends at 20:00 ends at 20:00 on the day a DST change falls.
HoursStanding hours_standing(const UserLimits& limits, WallTime at,
                             const std::function<UtcOffset(WallTime)>& offset_at);

// Monday 0 .. Sunday 6, as UserLimits::days counts.
std::size_t weekday_index(std::chrono::sys_days day);

}  // namespace screentime::core
