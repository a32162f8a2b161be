#include "daemon/replay/limits_event.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "daemon/protocol/iso8601.hpp"
#include "daemon/replay/json_fields.hpp"

namespace screentime::replay {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, core::kDaysInWeek> kWeekdays = {"mon", "tue", "wed", "thu",
                                                                       "fri", "sat", "sun"};

core::TimeOfDayRange range(const std::string& text) {
  const auto dash = text.find('-');
  const auto begin = protocol::parse_time_of_day(text.substr(0, dash));
  const std::string end_text = dash == std::string::npos ? "" : text.substr(dash + 1);
  const auto end = end_text == "24:00" ? std::optional(std::chrono::minutes{24 * 60})
                                       : protocol::parse_time_of_day(end_text);
  if (!begin || !end) fail("\"allowed_hours\": expected ranges such as \"07:00-08:30\"");
  return {*begin, *end};
}

std::vector<core::TimeOfDayRange> allowed_hours(const json& object) {
  const auto& list = object.at("allowed_hours");
  if (!list.is_array()) fail("\"allowed_hours\" must be a list such as [\"07:00-08:00\"]");
  std::vector<core::TimeOfDayRange> ranges;
  for (const auto& each : list) {
    if (!each.is_string()) fail("\"allowed_hours\" must be a list of strings");
    ranges.push_back(range(each.get<std::string>()));
  }
  return ranges;
}

void read_day(const json& object, core::DayLimits& day) {
  if (object.contains("daily")) day.daily = duration(object, "daily");
  if (object.contains("allowed_hours")) day.allowed_hours = allowed_hours(object);
}

}  // namespace

std::optional<core::UserLimits> read_limits_event(const json& object) {
  if (object.contains("off") && flag(object, "off")) return std::nullopt;
  core::UserLimits limits;
  core::DayLimits every_day;
  read_day(object, every_day);
  limits.days.fill(every_day);
  if (object.contains("weekday")) {
    const auto& weekday = object.at("weekday");
    if (!weekday.is_object()) fail("\"weekday\" must be an object such as {\"sat\": {...}}");
    for (const auto& [name, day] : weekday.items()) {
      const auto found = std::find(kWeekdays.begin(), kWeekdays.end(), name);
      if (found == kWeekdays.end() || !day.is_object()) {
        fail("\"weekday\": expected mon..sun, each an object, got \"" + name + "\"");
      }
      read_day(day, limits.days[static_cast<std::size_t>(found - kWeekdays.begin())]);
    }
  }
  if (object.contains("weekly")) limits.weekly = duration(object, "weekly");
  if (object.contains("warnings")) {
    const auto& list = object.at("warnings");
    if (!list.is_array()) fail("\"warnings\" must be a list such as [\"15m\", \"5m\"]");
    limits.warnings.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
      limits.warnings.push_back(duration(json{{"warnings", list[i]}}, "warnings"));
    }
    std::sort(limits.warnings.rbegin(), limits.warnings.rend());
  }
  if (object.contains("action")) {
    const auto action = core::parse_limit_action(text(object, "action"));
    if (!action) fail("\"action\" must be notify, lock, logout or suspend");
    limits.action = *action;
  }
  if (object.contains("grace")) limits.grace = duration(object, "grace");
  if (object.contains("count_idle")) limits.count_idle = flag(object, "count_idle");
  return limits;
}

}  // namespace screentime::replay
