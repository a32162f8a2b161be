#include "daemon/core/allowed_hours.hpp"

#include <algorithm>
#include <vector>

#include "daemon/core/day_attribution.hpp"

namespace screentime::core {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// Local time as a count since the epoch, as if local time were UTC.
using LocalTime = std::chrono::sys_time<Duration>;

struct Stretch {
  LocalTime begin;
  LocalTime end;
};

// Far enough to see a whole week's pattern and the day before (a stretch past its midnight).
constexpr int kDaysBefore = 1;
constexpr int kDaysAhead = 8;

std::vector<Stretch> stretches_around(const UserLimits& limits, sys_days today) {
  std::vector<Stretch> found;
  for (int offset = -kDaysBefore; offset <= kDaysAhead; ++offset) {
    const sys_days day = today + days{offset};
    const DayLimits& rules = limits.days[weekday_index(day)];
    if (!rules.allowed_hours) {
      found.push_back({LocalTime{day}, LocalTime{day + days{1}}});
      continue;
    }
    for (const TimeOfDayRange& range : *rules.allowed_hours) {
      const auto end = range.end > range.begin ? range.end : range.end + days{1};
      found.push_back({LocalTime{day} + range.begin, LocalTime{day} + end});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Stretch& a, const Stretch& b) { return a.begin < b.begin; });
  // Join what overlaps or touches: one stretch of allowed time, however the days split it.
  std::vector<Stretch> joined;
  for (const Stretch& each : found) {
    if (!joined.empty() && each.begin <= joined.back().end) {
      joined.back().end = std::max(joined.back().end, each.end);
    } else {
      joined.push_back(each);
    }
  }
  return joined;
}

WallTime wall_of(LocalTime local, const std::function<UtcOffset(WallTime)>& offset_at) {
  const auto day = std::chrono::floor<days>(local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day);
  return local_day_begins(LocalDate{day}, minutes, offset_at) + (local - day - minutes);
}

}  // namespace

std::size_t weekday_index(sys_days day) { return std::chrono::weekday{day}.iso_encoding() - 1; }

HoursStanding hours_standing(const UserLimits& limits, WallTime at,
                             const std::function<UtcOffset(WallTime)>& offset_at) {
  const LocalTime local{at.time_since_epoch() + offset_at(at)};
  const sys_days today = std::chrono::floor<days>(local);
  const auto stretches = stretches_around(limits, today);
  const LocalTime horizon{today + days{kDaysAhead}};
  for (const Stretch& each : stretches) {
    if (each.end <= local) continue;
    if (each.begin <= local) {
      if (each.end >= horizon) return {true, std::nullopt};
      return {true, wall_of(each.end, offset_at)};
    }
    return {false, wall_of(each.begin, offset_at)};
  }
  return {false, std::nullopt};
}

}  // namespace screentime::core
