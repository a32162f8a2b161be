#pragma once
// A limited user's limit per day in the usage views (week, month, history), from the system
// role's `limits.usage` for the same range. Limits count midnight to midnight as the system
// role records them, so the time over is the system role's figure, not the view's active time
// (which follows the day start).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace screentime::client {

struct DayLimit {
  std::optional<std::int64_t> limit_seconds;  // that weekday's allowance; none: no daily limit
  std::int64_t granted_seconds = 0;           // extra time granted that day
  std::int64_t over_seconds = 0;              // beyond the allowance and the grants
};

// The entry for `date` in a `limits.usage` reply; nullopt when the reply is null (no limits)
// or has no such day.
std::optional<DayLimit> limit_on(const nlohmann::json& limits_usage, const std::string& date);

// "limit 2h 00m +30m", "no limit": the text view's cell, `width` wide.
std::string limit_cell(const DayLimit& day, std::size_t width);
// "over 15m", or "" when the day stayed within.
std::string over_cell(const DayLimit& day);

}  // namespace screentime::client
