#pragma once
// A week's replies for the report's tests and its bench: Monday 2026-11-23 to Sunday
// 2026-11-29 seen on Friday, with the week before, a 3 h goal, breaks, a 95-minute stretch and
// a catalog with a crisis line and three everyday resources.

#include <nlohmann/json.hpp>
#include <string>

#include "client/report/report_figures.hpp"

namespace screentime::client {

inline nlohmann::json sample_usage(const std::string& first_day, const std::vector<int>& minutes) {
  nlohmann::json days = nlohmann::json::array();
  int day = std::stoi(first_day.substr(8));
  for (const int active : minutes) {
    days.push_back({{"date", first_day.substr(0, 8) + (day < 10 ? "0" : "") + std::to_string(day)},
                    {"active_seconds", active * 60},
                    {"idle_seconds", 300}});
    ++day;
  }
  return {{"day_start", "04:00"}, {"days", days}};
}

inline ReportReplies sample_replies() {
  using nlohmann::json;
  ReportReplies replies;
  replies.period = ReportPeriod::week;
  replies.from = "2026-11-23";
  replies.to = "2026-11-29";
  replies.today = "2026-11-27";
  replies.usage = sample_usage("2026-11-23", {120, 270, 60, 180, 30});
  replies.previous_usage = sample_usage("2026-11-16", {180, 180, 180, 120, 300, 60, 360});
  json hours = json::array();
  hours.push_back({{"date", "2026-11-24"}, {"hour", 14}, {"active_seconds", 3600}});
  hours.push_back({{"date", "2026-11-24"}, {"hour", 15}, {"active_seconds", 1800}});
  hours.push_back({{"date", "2026-11-23"}, {"hour", 9}, {"active_seconds", 2400}});
  hours.push_back({{"date", "2026-11-26"}, {"hour", 21}, {"active_seconds", 900}});
  replies.hourly_usage = {{"day_start", "04:00"}, {"hours", hours}};
  json breaks = json::array();
  for (const auto& [date, taken, shown] :
       {std::tuple{"2026-11-23", 2, 3}, std::tuple{"2026-11-24", 4, 5},
        std::tuple{"2026-11-26", 3, 4}}) {
    breaks.push_back(
        {{"date", date}, {"eye", {{"shown", shown}, {"taken", taken - 1}, {"natural", 1}}}});
  }
  replies.breaks = {{"days", breaks}};
  // 09:00-10:00 and 10:00:10-10:35 join (a 10 s pause is no break): 95 minutes.
  const std::int64_t nine = 1795507200000;  // 2026-11-24T09:00:00+01:00
  replies.intervals = json::array({{{"state", "active"},
                                    {"start", "2026-11-24T09:00:00+01:00"},
                                    {"start_ms", nine},
                                    {"end_ms", nine + 3600000}},
                                   {{"state", "active"},
                                    {"start", "2026-11-24T10:00:10+01:00"},
                                    {"start_ms", nine + 3610000},
                                    {"end_ms", nine + 5700000}},
                                   {{"state", "active"},
                                    {"start", "2026-11-24T14:00:00+01:00"},
                                    {"start_ms", nine + 5 * 3600000},
                                    {"end_ms", nine + 6 * 3600000}}});
  replies.resources = json::array(
      {{{"title", "Crisis line"}, {"url", "https://example.org/support"}, {"category", "support"}},
       {{"title", "Rest your eyes"},
        {"description", "Look far away for twenty seconds every twenty minutes."},
        {"url", "https://example.org/eyes"},
        {"category", "eyes"}},
       {{"title", "Sleep well"},
        {"description", "Why screens late in the evening keep you awake, and what helps."},
        {"url", "https://example.org/sleep"},
        {"category", "sleep"}},
       {{"title", "Move more"},
        {"description", "Small movements through the day."},
        {"url", "https://example.org/movement"},
        {"category", "movement"}}});
  replies.goal_seconds = 3 * 3600;
  replies.shortest_break_seconds = 20;
  return replies;
}

}  // namespace screentime::client
