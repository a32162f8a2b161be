// screentimectl week, month, history, hours, export.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/history_views.hpp"
#include "client/output.hpp"
#include "client/read_source.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/iso8601.hpp"
#include "daemon/protocol/limits.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

namespace {

protocol::LocalDate source_today(ReadSource& source) {
  // "Today" is the daemon's (or its config's): its day start and zone decide which day it is.
  const auto today = protocol::parse_iso_date(source.request("status")["today"].value("date", ""));
  if (!today) throw RequestFailed("internal", tr("screentimed gave no date for today"));
  return *today;
}

// The user's limit per day from the system role, when it runs and limits them; null
// otherwise. Only a help for the views: whatever goes wrong here leaves them as they were.
json own_limits(const std::string& system_socket, const std::string& from, const std::string& to) {
  if (system_socket.empty()) return nullptr;
  try {
    DaemonConnection system(system_socket);
    return system.request("limits.usage", {{"from", from}, {"to", to}});
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string iso(sys_days day) { return protocol::format_iso_date(protocol::LocalDate{day}); }

// The range's first and last day, as ISO dates; `default_days` back from today when the range
// says nothing.
std::pair<std::string, std::string> resolve(ReadSource& source, const DayRange& range,
                                            int default_days) {
  if (range.from && range.to && !range.days) return {*range.from, *range.to};
  const sys_days today{source_today(source)};
  if (range.from) return {*range.from, range.to.value_or(iso(today))};
  const int count = range.days.value_or(default_days);
  return {iso(today - days{count - 1}), iso(today)};
}

int print_days(ReadSource& source, const ReadOptions& options, const std::string& from,
               const std::string& to) {
  DaysFigures figures;
  figures.usage = source.request("usage", {{"from", from}, {"to", to}, {"by", "day"}});
  const auto first = protocol::parse_iso_date(from), last = protocol::parse_iso_date(to);
  const ViewConfig config = view_config(source);
  figures.goal_seconds = config.goal_seconds;
  figures.shortest_break_seconds = config.shortest_break_seconds;
  // Reminders are kept per day for a year at most per request, and a year's intervals are
  // enough to read the stretches from: a longer range goes without both.
  if (first && last &&
      sys_days{*last} - sys_days{*first} <= days{protocol::kMaxBreakReportDays - 1}) {
    figures.breaks = source.request("breaks", {{"from", from}, {"to", to}});
    figures.intervals = all_intervals(source, from, to);
  }
  figures.limits = own_limits(options.limits_socket, from, to);
  if (options.json) {
    json result = days_json(figures);
    result["source"] = source.source_name();
    std::cout << result.dump() << "\n";
  } else if (options.csv) {
    std::cout << days_csv(figures);
  } else {
    std::cout << days_text(figures, {options.colour});
  }
  return 0;
}

}  // namespace

int run_week(ReadSource& source, const ReadOptions& options, std::optional<int> window) {
  const sys_days today{source_today(source)};
  sys_days first = today;
  if (window) {
    first -= days{*window - 1};
  } else {
    const std::chrono::weekday weekday{first};
    first -= days{(weekday.c_encoding() + 6) % 7};  // back to Monday
  }
  return print_days(source, options, iso(first), iso(today));
}

int run_month(ReadSource& source, const ReadOptions& options) {
  const sys_days today{source_today(source)};
  const std::chrono::year_month_day date{today};
  return print_days(source, options, iso(sys_days{date.year() / date.month() / 1}), iso(today));
}

int run_history(ReadSource& source, const ReadOptions& options, const DayRange& range) {
  const auto [from, to] = resolve(source, range, 7);
  return print_days(source, options, from, to);
}

int run_hours(ReadSource& source, const ReadOptions& options, const DayRange& range) {
  const auto [from, to] = resolve(source, range, 28);
  const json usage = source.request("usage", {{"from", from}, {"to", to}, {"by", "hour"}});
  if (options.json) {
    json result = hours_json(usage);
    result["from"] = from;
    result["to"] = to;
    result["source"] = source.source_name();
    std::cout << result.dump() << "\n";
  } else if (options.csv) {
    std::cout << hours_csv(usage);
  } else {
    std::cout << hours_text(usage, {options.colour});
  }
  return 0;
}

int run_export(ReadSource& source, const ExportOptions& options) {
  const json intervals =
      all_intervals(source, options.from.value_or("1970-01-02"), options.to.value_or("9999-12-30"));
  if (!options.csv) {
    std::cout << intervals.dump() << "\n";
    return 0;
  }
  std::cout << "state,start,end,duration_ms,source,detail\n";
  for (const auto& interval : intervals) {
    std::cout << interval.value("state", "") << "," << interval.value("start", "") << ","
              << interval.value("end", "") << "," << interval.value("duration_ms", 0) << ","
              << csv_field(interval.value("source", "")) << ","
              << csv_field(interval.value("detail", "")) << "\n";
  }
  return 0;
}

}  // namespace screentime::client
