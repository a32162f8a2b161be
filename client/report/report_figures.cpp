#include "client/report/report_figures.hpp"

#include <algorithm>
#include <chrono>

#include "client/history_views.hpp"
#include "client/output.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

sys_days day_of(const std::string& iso) {
  const auto parsed = protocol::parse_iso_date(iso);
  return parsed ? sys_days{*parsed} : sys_days{};
}

std::string iso(sys_days day) { return protocol::format_iso_date(protocol::LocalDate{day}); }

// The days of a `usage` or `limits.usage` reply by date.
const json* find_day(const json& reply, const std::string& date) {
  if (!member(reply, "days").is_array()) return nullptr;
  for (const json& day : member(reply, "days")) {
    if (text_of(day, "date") == date) return &day;
  }
  return nullptr;
}

}  // namespace

std::pair<std::string, std::string> report_period(ReportPeriod period, const std::string& day) {
  const sys_days date = day_of(day);
  if (period == ReportPeriod::week) {
    const sys_days monday = date - days{(std::chrono::weekday{date}.c_encoding() + 6) % 7};
    return {iso(monday), iso(monday + days{6})};
  }
  const year_month_day ymd{date};
  const auto first = ymd.year() / ymd.month() / 1;
  return {iso(sys_days{first}), iso(sys_days{first.year() / first.month() / std::chrono::last})};
}

std::pair<std::string, std::string> previous_period(ReportPeriod period, const std::string& from) {
  return report_period(period, iso(day_of(from) - days{1}));
}

ReportFigures report_figures(const ReportReplies& replies) {
  ReportFigures figures;
  figures.period = replies.period;
  figures.from = replies.from;
  figures.to = replies.to;
  figures.goal_seconds = replies.goal_seconds;
  const auto from = protocol::parse_iso_date(replies.from);
  const auto to = protocol::parse_iso_date(replies.to);
  // A week or a month: anything else is not a report's period, and draws no days.
  if (!from || !to || sys_days{*to} < sys_days{*from} ||
      sys_days{*to} - sys_days{*from} > days{30}) {
    return figures;
  }
  const sys_days first{*from}, last{*to};
  const sys_days previous_first = day_of(previous_period(replies.period, replies.from).first);
  const sys_days previous_last = first - days{1};
  const sys_days today = day_of(replies.today);
  for (sys_days day = first; day <= last; day += days{1}) {
    ReportDay entry;
    entry.date = iso(day);
    entry.future = !replies.today.empty() && day > today;
    if (const json* usage = find_day(replies.usage, entry.date)) {
      entry.active_seconds = number_of(*usage, "active_seconds");
    }
    // The same place in the period before: the same weekday, or the same day of the month
    // (a 31st has no match in a month of 30).
    const sys_days previous = previous_first + (day - first);
    if (previous <= previous_last) {
      const json* usage = find_day(replies.previous_usage, iso(previous));
      entry.previous_seconds = usage ? number_of(*usage, "active_seconds") : 0;
    }
    if (const json* limits = find_day(replies.limits_usage, entry.date)) {
      if (member(*limits, "limit_seconds").is_number()) {
        entry.limit_seconds = number_of(*limits, "limit_seconds");
      }
      entry.granted_seconds = number_of(*limits, "granted_seconds");
    }
    if (!entry.future) {
      ++figures.lived_days;
      figures.total_seconds += entry.active_seconds;
      figures.previous_total_seconds += entry.previous_seconds.value_or(0);
      if (figures.goal_seconds && entry.active_seconds <= *figures.goal_seconds) {
        ++figures.days_within_goal;
      }
      const auto [taken, shown] = breaks_on(replies.breaks, entry.date);
      figures.breaks_taken += taken;
      figures.reminders_shown += shown;
    }
    figures.days.push_back(std::move(entry));
  }
  figures.hours = hour_map(replies.hourly_usage);
  if (const auto stretch = longest_stretch(replies.intervals, replies.shortest_break_seconds)) {
    figures.longest_stretch_seconds = stretch->seconds;
    figures.longest_stretch_start = stretch->start;
  }
  figures.resource = resource_of_week(replies.resources, replies.from);
  return figures;
}

json replies_json(const ReportReplies& replies) {
  return {{"period", replies.period == ReportPeriod::month ? "month" : "week"},
          {"from", replies.from},
          {"to", replies.to},
          {"today", replies.today},
          {"usage", replies.usage},
          {"previous_usage", replies.previous_usage},
          {"hourly_usage", replies.hourly_usage},
          {"breaks", replies.breaks},
          {"intervals", replies.intervals},
          {"limits_usage", replies.limits_usage},
          {"resources", replies.resources},
          {"goal_seconds", replies.goal_seconds ? json(*replies.goal_seconds) : json()},
          {"shortest_break_seconds", replies.shortest_break_seconds}};
}

ReportReplies replies_from_json(const json& object) {
  ReportReplies replies;
  replies.period = text_of(object, "period") == "month" ? ReportPeriod::month : ReportPeriod::week;
  replies.from = text_of(object, "from");
  replies.to = text_of(object, "to");
  replies.today = text_of(object, "today");
  replies.usage = member(object, "usage");
  replies.previous_usage = member(object, "previous_usage");
  replies.hourly_usage = member(object, "hourly_usage");
  replies.breaks = member(object, "breaks");
  replies.intervals = member(object, "intervals");
  replies.limits_usage = member(object, "limits_usage");
  replies.resources = member(object, "resources");
  if (member(object, "goal_seconds").is_number()) {
    replies.goal_seconds = number_of(object, "goal_seconds");
  }
  if (const auto shortest = number_of(object, "shortest_break_seconds"); shortest > 0) {
    replies.shortest_break_seconds = shortest;
  }
  return replies;
}

std::optional<ReportResource> resource_of_week(const json& resources, const std::string& date) {
  static constexpr const char* kEveryday[] = {"eyes", "movement", "sleep", "wellbeing", "habits"};
  std::vector<const json*> everyday;
  if (resources.is_array()) {
    for (const json& resource : resources) {
      if (std::ranges::find(kEveryday, text_of(resource, "category")) != std::end(kEveryday) &&
          !text_of(resource, "url").empty()) {
        everyday.push_back(&resource);
      }
    }
  }
  if (everyday.empty()) return std::nullopt;
  // Weeks since 1970-01-05 (a Monday), so the choice turns over on Mondays.
  const auto weeks = (day_of(date) - sys_days{std::chrono::January / 5 / 1970}).count() / 7;
  const auto count = static_cast<std::int64_t>(everyday.size());
  const json& chosen = *everyday[static_cast<std::size_t>((weeks % count + count) % count)];
  return ReportResource{text_of(chosen, "title"), text_of(chosen, "description"),
                        text_of(chosen, "url")};
}

}  // namespace screentime::client
