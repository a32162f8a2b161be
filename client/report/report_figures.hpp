#pragma once
// ReportFigures: everything a usage report draws, gathered from the daemon's replies (usage by
// day for the period and the one before, by hour, breaks, intervals, the goal and, where the
// system role limits the user, the limits). Pure: no I/O, so the report is testable.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace screentime::client {

enum class ReportPeriod { week, month };

struct ReportDay {
  std::string date;  // ISO date
  std::int64_t active_seconds = 0;
  std::optional<std::int64_t> previous_seconds;  // the same place in the period before
  std::optional<std::int64_t> limit_seconds;     // the system role's allowance that day
  std::int64_t granted_seconds = 0;
  bool future = false;  // not lived yet: drawn empty
};

struct ReportResource {
  std::string title;
  std::string description;
  std::string url;
};

struct ReportFigures {
  ReportPeriod period = ReportPeriod::week;
  std::string from, to;  // the period, ISO dates, inclusive
  std::vector<ReportDay> days;
  std::int64_t total_seconds = 0;           // lived days of the period
  std::int64_t previous_total_seconds = 0;  // the same number of days of the period before
  std::array<std::array<std::int64_t, 24>, 7> hours{};  // active seconds, Monday first
  std::int64_t breaks_taken = 0, reminders_shown = 0;
  std::optional<std::int64_t> longest_stretch_seconds;
  std::string longest_stretch_start;  // ISO 8601
  std::optional<std::int64_t> goal_seconds;
  int days_within_goal = 0, lived_days = 0;
  std::optional<ReportResource> resource;
};

// The replies a report is made of, as the daemon gave them (null where not asked).
struct ReportReplies {
  ReportPeriod period = ReportPeriod::week;
  std::string from, to, today;    // ISO dates
  nlohmann::json usage;           // `usage` by day, the period
  nlohmann::json previous_usage;  // `usage` by day, the period before
  nlohmann::json hourly_usage;    // `usage` by hour, the period
  nlohmann::json breaks;          // `breaks`, the period
  nlohmann::json intervals;       // `usage` by interval, the period: its "intervals"
  nlohmann::json limits_usage;    // `limits.usage`, the period; null: not limited
  nlohmann::json resources;       // `resources`: its "resources"
  std::optional<std::int64_t> goal_seconds;
  std::int64_t shortest_break_seconds = 20;
};

// The period holding `day`: Monday to Sunday, or the calendar month.
std::pair<std::string, std::string> report_period(ReportPeriod period, const std::string& day);
// The period before the one that starts on `from`.
std::pair<std::string, std::string> previous_period(ReportPeriod period, const std::string& from);

ReportFigures report_figures(const ReportReplies& replies);

// The replies as one JSON object, as screentimectl hands them to the drawing program
// (screentime-report), and back. A missing or mistyped field reads as not asked.
nlohmann::json replies_json(const ReportReplies& replies);
ReportReplies replies_from_json(const nlohmann::json& object);

// The week's resource: the catalog's everyday entries (not crisis support, which the report
// names apart) in turn, one per ISO week, so each week brings another.
std::optional<ReportResource> resource_of_week(const nlohmann::json& resources,
                                               const std::string& date);

}  // namespace screentime::client
