#include "client/day_limits.hpp"

#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {

using i18n::tr;
using nlohmann::json;

std::optional<DayLimit> limit_on(const json& limits_usage, const std::string& date) {
  if (!limits_usage.is_object() || !member(limits_usage, "days").is_array()) return std::nullopt;
  for (const json& day : member(limits_usage, "days")) {
    if (text_of(day, "date") != date) continue;
    DayLimit limit;
    if (member(day, "limit_seconds").is_number()) {
      limit.limit_seconds = number_of(day, "limit_seconds");
    }
    limit.granted_seconds = number_of(day, "granted_seconds");
    limit.over_seconds = number_of(day, "over_seconds");
    return limit;
  }
  return std::nullopt;
}

std::string limit_cell(const DayLimit& day, std::size_t width) {
  // TRANSLATORS: per day in week, month and history for a limited user: "limit 2h 00m +30m"
  // (the day's allowance, then the extra time a parent granted).
  std::string text = day.limit_seconds
                         ? format_tr(tr("limit {}"), short_duration(*day.limit_seconds))
                         : std::string(tr("no limit"));
  if (day.granted_seconds > 0) text += " +" + short_duration(day.granted_seconds);
  return left(text, width);
}

std::string over_cell(const DayLimit& day) {
  if (day.over_seconds <= 0) return "";
  // TRANSLATORS: per day, after the limit: the time used beyond the limit and the grants.
  return format_tr(tr("over {}"), short_duration(day.over_seconds));
}

}  // namespace screentime::client
