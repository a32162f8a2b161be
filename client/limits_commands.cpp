// screentimectl limits status|show, grant: the system role's limits.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

std::int64_t number(const json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_number() ? found->get<std::int64_t>() : 0;
}

bool has(const json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && !found->is_null();
}

// The action at the limit, as people read it.
std::string action_name(const std::string& action) {
  if (action == "notify") return tr("a notice");
  if (action == "lock") return tr("the screen locks");
  if (action == "logout") return tr("logged out");
  if (action == "suspend") return tr("the computer sleeps");
  return action;
}

std::string allowance(const json& day) {
  return has(day, "daily_seconds") ? short_duration(number(day, "daily_seconds")) : tr("no limit");
}

std::string hours(const json& day) {
  if (!has(day, "allowed_hours")) return tr("any hour");
  if (day["allowed_hours"].empty()) return tr("no hour");
  std::string text;
  for (const auto& range : day["allowed_hours"]) {
    text += (text.empty() ? "" : ", ") + range.get<std::string>();
  }
  return text;
}

void print_limits(const json& user) {
  std::cout << format_tr(tr("{} (uid {})"), user.value("name", ""), number(user, "uid")) << "\n";
  std::vector<std::pair<std::string, std::string>> lines;
  for (const auto& day : user["days"]) {
    lines.emplace_back(day.value("weekday", ""), allowance(day) + "  " + hours(day));
  }
  lines.emplace_back(tr("weekly"), has(user, "weekly_seconds")
                                       ? short_duration(number(user, "weekly_seconds"))
                                       : tr("no limit"));
  lines.emplace_back(tr("at the limit"),
                     format_tr(tr("{}, after {}"), action_name(user.value("action", "")),
                               short_duration(number(user, "grace_seconds"))));
  std::cout << rows(lines, "  ");
}

// A request's number: digits only (a user is named by login name).
bool is_request_number(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

std::string request_state(const json& request) {
  const std::string state = request.value("state", "");
  if (state == "pending") return tr("waiting for an answer");
  if (state == "granted") {
    return format_tr(tr("granted: {}"), short_duration(number(request, "granted_seconds")));
  }
  if (state == "denied") return tr("denied");
  return state;
}

// The local UTC offset now, for "today".
std::chrono::seconds local_offset_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return std::chrono::seconds{local.tm_gmtoff};
}

std::string iso_date(std::chrono::year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

json user_args(const std::optional<std::string>& user) {
  json args = json::object();
  if (user) args["user"] = *user;
  return args;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> limit_rows(const json& standing) {
  std::vector<std::pair<std::string, std::string>> lines;
  std::string left;
  if (standing.value("over", false)) {
    left = format_tr(tr("time is up: {}"), action_name(standing.value("action", "")));
  } else if (has(standing, "left_seconds")) {
    left = format_tr(tr("{} left"), short_duration(number(standing, "left_seconds")));
  } else {
    left = tr("no limit ends the time today");
  }
  if (has(standing, "daily_seconds")) {
    left += " " + format_tr(tr("({} of {} used today)"),
                            short_duration(number(standing, "used_today_seconds")),
                            short_duration(number(standing, "daily_seconds")));
  }
  // TRANSLATORS: labels of `screentimectl status` and `limits status`, in a column.
  lines.emplace_back(tr("limit"), left);
  if (has(standing, "weekly_seconds")) {
    lines.emplace_back(
        tr("this week"),
        format_tr(tr("{} of {} used"), short_duration(number(standing, "used_week_seconds")),
                  short_duration(number(standing, "weekly_seconds"))));
  }
  if (has(standing, "hours_change_at")) {
    const std::string at = clock_time(standing.value("hours_change_at", ""));
    lines.emplace_back(tr("allowed hours"), standing.value("allowed_now", true)
                                                ? format_tr(tr("until {}"), at)
                                                : format_tr(tr("not now; from {}"), at));
  }
  return lines;
}

int run_limits_status(DaemonConnection& system, const ReadOptions& options,
                      const std::optional<std::string>& user) {
  const json standing = system.request("limits.status", user_args(user));
  if (options.json) {
    std::cout << standing.dump() << "\n";
    return 0;
  }
  std::cout << format_tr(tr("{} (uid {})"), standing.value("name", ""), number(standing, "uid"))
            << "\n"
            << rows(limit_rows(standing), "  ");
  return 0;
}

int run_limits_show(DaemonConnection& system, const ReadOptions& options,
                    const std::optional<std::string>& user) {
  const json shown = system.request("limits.show", user_args(user));
  if (options.json) {
    std::cout << shown.dump() << "\n";
    return 0;
  }
  if (shown.value("in_force", "") == "last-good") {
    std::cout << format_tr(tr("{} has errors; the last good limits stay in force"),
                           shown.value("file", ""))
              << "\n";
  }
  for (const auto& each : shown["users"]) print_limits(each);
  return 0;
}

int run_grant(DaemonConnection& system, const ReadOptions& options, const std::string& target,
              const std::optional<std::string>& extra) {
  if (is_request_number(target)) {
    json args = {{"request", target}, {"answer", "grant"}};
    if (extra) args["extra"] = *extra;
    const json answered = system.request("limits.answer", args);
    if (options.json) {
      std::cout << answered.dump() << "\n";
      return 0;
    }
    std::cout << format_tr(tr("Request {} granted: {} more for {}"), target,
                           short_duration(number(answered, "granted_seconds")),
                           answered.value("name", ""))
              << "\n";
    return 0;
  }
  const json standing = system.request("limits.grant", {{"user", target}, {"extra", *extra}});
  if (options.json) {
    std::cout << standing.dump() << "\n";
    return 0;
  }
  std::cout << format_tr(tr("{} more for {}"), *extra, standing.value("name", target)) << "\n"
            << rows(limit_rows(standing), "  ");
  return 0;
}

int run_limits_set(DaemonConnection& system, const ReadOptions& options, const std::string& user,
                   const std::string& key, const std::string& value) {
  const json shown = system.request("limits.set", {{"user", user}, {"key", key}, {"value", value}});
  if (options.json) {
    std::cout << shown.dump() << "\n";
    return 0;
  }
  std::cout << format_tr(tr("{} set for {} in {}"), key, user, shown.value("file", "")) << "\n";
  for (const auto& each : shown["users"]) print_limits(each);
  return 0;
}

int run_deny(DaemonConnection& system, const ReadOptions& options, const std::string& request) {
  const json answered = system.request("limits.answer", {{"request", request}, {"answer", "deny"}});
  if (options.json) {
    std::cout << answered.dump() << "\n";
    return 0;
  }
  std::cout << format_tr(tr("Request {} denied"), request) << "\n";
  return 0;
}

int run_ask(DaemonConnection& system, const ReadOptions& options, const std::string& extra,
            const std::optional<std::string>& reason) {
  json args = {{"extra", extra}};
  if (reason) args["reason"] = *reason;
  const json asked = system.request("limits.ask", args);
  if (options.json) {
    std::cout << asked.dump() << "\n";
    return 0;
  }
  std::cout << format_tr(tr("Asked for {} more (request {}); the answer comes as a notification"),
                         short_duration(number(asked, "extra_seconds")), number(asked, "id"))
            << "\n";
  return 0;
}

int run_requests(DaemonConnection& system, const ReadOptions& options,
                 const std::optional<std::string>& user) {
  const json listed = system.request("limits.requests", user_args(user));
  if (options.json) {
    std::cout << listed.dump() << "\n";
    return 0;
  }
  if (listed["requests"].empty()) {
    std::cout << tr("No requests in the last 7 days") << "\n";
    return 0;
  }
  for (const auto& request : listed["requests"]) {
    std::string line = right(std::to_string(number(request, "id")), 4) + "  " +
                       left(request.value("name", ""), 12) + " " +
                       right(short_duration(number(request, "extra_seconds")), 7) + "  " +
                       short_date(request.value("asked_at", "").substr(0, 10)) + " " +
                       clock_time(request.value("asked_at", "")) + "  " + request_state(request);
    if (!request.value("reason", "").empty())
      line += "  \u201c" + request.value("reason", "") + "\u201d";
    std::cout << line << "\n";
  }
  return 0;
}

int run_limits_usage(DaemonConnection& system, const LimitsUsageOptions& options) {
  const auto today =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + local_offset_now());
  const auto from = today - std::chrono::days{options.days - 1};
  json args = user_args(options.user);
  args["from"] = iso_date(std::chrono::year_month_day{from});
  args["to"] = iso_date(std::chrono::year_month_day{today});
  if (options.by_hour) args["by"] = "hour";
  const json report = system.request("limits.usage", args);
  if (options.json) {
    std::cout << report.dump() << "\n";
    return 0;
  }
  if (options.csv) {
    std::cout << "date,active_seconds,limit_seconds,granted_seconds,over_seconds,actions\r\n";
    for (const auto& day : report["days"]) {
      std::cout << day.value("date", "") << "," << number(day, "active_seconds") << ","
                << (has(day, "limit_seconds") ? std::to_string(number(day, "limit_seconds")) : "")
                << "," << number(day, "granted_seconds") << "," << number(day, "over_seconds")
                << "," << day["events"].size() << "\r\n";
    }
    return 0;
  }
  std::cout << format_tr(tr("{} (uid {})"), report.value("name", ""), number(report, "uid"))
            << "\n";
  for (const auto& day : report["days"]) {
    std::string line = "  " + left(short_date(day.value("date", "")), 11) + " " +
                       right(short_duration(number(day, "active_seconds")), 7);
    if (has(day, "limit_seconds")) {
      line += " " + format_tr(tr("of {}"), short_duration(number(day, "limit_seconds")));
    }
    if (number(day, "granted_seconds") > 0) {
      line += ", " + format_tr(tr("{} granted"), short_duration(number(day, "granted_seconds")));
    }
    if (number(day, "over_seconds") > 0) {
      line += ", " + format_tr(tr("{} over"), short_duration(number(day, "over_seconds")));
    }
    for (const auto& event : day["events"]) {
      if (event.value("kind", "") != "action") continue;
      line +=
          "  " + clock_time(event.value("at", "")) + " " + action_name(event.value("action", ""));
    }
    std::cout << line << "\n";
  }
  if (report.contains("hours")) {
    for (const auto& hour : report["hours"]) {
      std::cout << "  " << hour.value("date", "") << " "
                << right(std::to_string(hour.value("hour", 0)), 2) << ":00 "
                << right(short_duration(number(hour, "active_seconds")), 7) << " "
                << bar(number(hour, "active_seconds"), 3600, 20) << "\n";
    }
  }
  return 0;
}

}  // namespace screentime::client
