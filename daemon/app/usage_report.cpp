#include "daemon/app/usage_report.hpp"

#include <nlohmann/json.hpp>

#include "daemon/protocol/iso8601.hpp"

namespace screentime::app {

using nlohmann::json;

json totals_json(const core::StateTotals& totals) {
  json result = json::object();
  for (core::ActivityState state : core::kAllActivityStates) {
    result[std::string(core::to_string(state)) + "_seconds"] = (totals[state].count() + 500) / 1000;
  }
  return result;
}

UsageReport::UsageReport(const core::Clock& clock, core::HistoryStore& store,
                         const core::Accountant& accountant, core::UserId user,
                         core::DayStart day_start)
    : clock_(clock), store_(store), accountant_(accountant), user_(user), day_start_(day_start) {}

core::LocalDate UsageReport::today() const {
  const auto now = clock_.now().wall;
  return core::attributed_day(now, clock_.utc_offset(now), day_start_);
}

std::vector<core::Interval> UsageReport::intervals(core::LocalDate from, core::LocalDate to) const {
  const auto [utc_from, utc_to] = core::utc_range_of_days(from, to, day_start_);
  auto found = store_.intervals(user_, utc_from, utc_to);
  if (auto open = accountant_.open_interval(clock_.now())) {
    if (open->duration > core::Duration::zero()) found.push_back(std::move(*open));
  }
  return found;
}

json UsageReport::day(core::LocalDate date) const {
  const auto days = core::totals_per_day(intervals(date, date), date, date, day_start_);
  json result = totals_json(days.front().totals);
  result["date"] = protocol::format_iso_date(date);
  return result;
}

json UsageReport::usage(core::LocalDate from, core::LocalDate to, std::string_view by) const {
  const auto found = intervals(from, to);
  const auto day_start = std::chrono::hh_mm_ss<std::chrono::minutes>{day_start_};
  char day_start_text[8];
  std::snprintf(day_start_text, sizeof day_start_text, "%02d:%02d",
                static_cast<int>(day_start.hours().count()),
                static_cast<int>(day_start.minutes().count()));
  json result = {{"day_start", day_start_text}};
  if (by == "interval") {
    json list = json::array();
    const auto [utc_from, utc_to] = core::utc_range_of_days(from, to, day_start_);
    for (const auto& interval : found) {
      if (interval.end() <= utc_from || interval.start >= utc_to) continue;
      list.push_back({{"state", core::to_string(interval.state)},
                      {"start", protocol::format_iso8601(interval.start, interval.utc_offset)},
                      {"end", protocol::format_iso8601(interval.end(), interval.utc_offset)},
                      {"start_ms", interval.start.time_since_epoch().count()},
                      {"end_ms", interval.end().time_since_epoch().count()},
                      {"duration_ms", interval.duration.count()},
                      {"source", interval.source},
                      {"detail", interval.detail}});
    }
    result["intervals"] = std::move(list);
  } else if (by == "hour") {
    json list = json::array();
    for (const auto& hour : core::totals_per_hour(found, from, to, day_start_)) {
      json entry = totals_json(hour.totals);
      entry["date"] = protocol::format_iso_date(hour.day);
      entry["hour"] = hour.hour;
      list.push_back(std::move(entry));
    }
    result["hours"] = std::move(list);
  } else {
    json list = json::array();
    for (const auto& day : core::totals_per_day(found, from, to, day_start_)) {
      json entry = totals_json(day.totals);
      entry["date"] = protocol::format_iso_date(day.day);
      list.push_back(std::move(entry));
    }
    result["days"] = std::move(list);
  }
  return result;
}

}  // namespace screentime::app
