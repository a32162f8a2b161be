#include "daemon/protocol/limit_standing.hpp"

#include <algorithm>
#include <cstdint>

namespace screentime::protocol {

using nlohmann::json;

json standing_after(json standing, std::chrono::seconds elapsed, WallTime now) {
  if (!standing.is_object()) return standing;
  const std::int64_t counted = standing.value("counting", false) ? elapsed.count() : 0;
  for (const char* used : {"used_today_seconds", "used_week_seconds"}) {
    if (standing[used].is_number_integer()) {
      standing[used] = standing[used].get<std::int64_t>() + counted;
    }
  }
  if (!standing["left_seconds"].is_number_integer()) return standing;
  std::int64_t left =
      std::max<std::int64_t>(0, standing["left_seconds"].get<std::int64_t>() - counted);
  // Outside a session the allowance waits, but the allowed hours still run out.
  const auto hours_change = standing["hours_change_at"].is_string()
                                ? parse_iso8601(standing["hours_change_at"].get<std::string>())
                                : std::nullopt;
  if (standing.value("allowed_now", false) && hours_change) {
    const auto until_change =
        std::chrono::duration_cast<std::chrono::seconds>(hours_change->utc - now).count();
    if (until_change < left) {
      left = std::max<std::int64_t>(0, until_change);
      standing["reason"] = "hours";
    }
  }
  standing["left_seconds"] = left;
  return standing;
}

json standing_shape(json standing) {
  if (!standing.is_object()) return standing;
  for (const char* running : {"used_today_seconds", "used_week_seconds", "left_seconds"}) {
    standing.erase(running);
  }
  return standing;
}

}  // namespace screentime::protocol
