#include "client/history_views.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include "client/day_limits.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

constexpr int kBarWidth = 30;
constexpr const char* kStates[] = {"active", "idle", "locked", "asleep", "unknown"};
constexpr std::array<const char*, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};

std::int64_t active_of(const json& day) { return number_of(day, "active_seconds"); }

std::string paint(const std::string& text, const char* sgr, TextStyle style) {
  if (!style.colour || text.empty()) return text;
  return std::string("\x1b[") + sgr + "m" + text + "\x1b[0m";
}

// Monday 0 .. Sunday 6 of an ISO date.
int weekday_index(const std::string& date) {
  const auto parsed = protocol::parse_iso_date(date);
  if (!parsed) return 0;
  return static_cast<int>((std::chrono::weekday{std::chrono::sys_days{*parsed}}.c_encoding() + 6) %
                          7);
}

struct Summary {
  std::optional<Stretch> longest;
  std::int64_t total = 0;
  std::int64_t average = 0;
  json busiest;  // the day with the most use, or null
  std::int64_t taken = 0, shown = 0;
  int within_goal = 0;
  int over_limit = 0;  // days over the limit and the grants, for a limited user
};

Summary summarize(const DaysFigures& figures) {
  Summary summary;
  const json& days = member(figures.usage, "days");
  for (const json& day : days) {
    const auto active = active_of(day);
    summary.total += active;
    if (active > 0 && (summary.busiest.is_null() || active > active_of(summary.busiest))) {
      summary.busiest = day;
    }
    const auto [taken, shown] = breaks_on(figures.breaks, text_of(day, "date"));
    summary.taken += taken;
    summary.shown += shown;
    if (figures.goal_seconds && active <= *figures.goal_seconds) ++summary.within_goal;
    if (const auto limit = limit_on(figures.limits, text_of(day, "date"));
        limit && limit->over_seconds > 0) {
      ++summary.over_limit;
    }
  }
  if (!days.empty()) summary.average = summary.total / static_cast<std::int64_t>(days.size());
  summary.longest = longest_stretch(figures.intervals, figures.shortest_break_seconds);
  return summary;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> breaks_on(const json& breaks, const std::string& date) {
  std::int64_t taken = 0, shown = 0;
  if (!breaks.is_object() || !member(breaks, "days").is_array()) return {0, 0};
  for (const json& day : member(breaks, "days")) {
    if (text_of(day, "date") != date) continue;
    for (const char* kind : {"eye", "movement"}) {
      if (!day.contains(kind)) continue;
      taken += number_of(day[kind], "taken") + number_of(day[kind], "natural");
      shown += number_of(day[kind], "shown");
    }
  }
  return {taken, shown};
}

std::array<std::array<std::int64_t, 24>, 7> hour_map(const json& usage) {
  std::array<std::array<std::int64_t, 24>, 7> map{};
  if (!member(usage, "hours").is_array()) return map;
  for (const json& hour : member(usage, "hours")) {
    const auto at = number_of(hour, "hour");
    if (at < 0 || at > 23) continue;
    map[weekday_index(text_of(hour, "date"))][at] += active_of(hour);
  }
  return map;
}

std::optional<Stretch> longest_stretch(const json& intervals, std::int64_t shortest_break_seconds) {
  if (!intervals.is_array()) return std::nullopt;
  std::vector<const json*> active;
  for (const json& interval : intervals) {
    if (text_of(interval, "state") == "active") active.push_back(&interval);
  }
  std::ranges::sort(active, {},
                    [](const json* interval) { return number_of(*interval, "start_ms"); });
  std::optional<Stretch> longest;
  const json* first = nullptr;
  std::int64_t end_ms = 0;
  const auto close = [&](std::int64_t until_ms) {
    if (first == nullptr) return;
    const std::int64_t seconds = (until_ms - number_of(*first, "start_ms")) / 1000;
    if (!longest || seconds > longest->seconds)
      longest = Stretch{text_of(*first, "start"), seconds};
  };
  for (const json* interval : active) {
    const auto start_ms = number_of(*interval, "start_ms");
    if (first == nullptr || start_ms - end_ms >= shortest_break_seconds * 1000) {
      close(end_ms);
      first = interval;
    }
    end_ms = std::max(end_ms, number_of(*interval, "end_ms"));
  }
  close(end_ms);
  return longest;
}

std::string days_text(const DaysFigures& figures, TextStyle style) {
  const json& days = member(figures.usage, "days");
  std::int64_t most = figures.goal_seconds.value_or(0);
  for (const json& day : days) most = std::max(most, active_of(day));
  std::vector<std::pair<std::string, std::string>> lines;
  for (const json& day : days) {
    const auto active = active_of(day);
    const bool over = figures.goal_seconds && active > *figures.goal_seconds;
    std::string line =
        right(short_duration(active), 7) + "  " +
        paint(left(bar(active, most, kBarWidth), kBarWidth), over ? "33" : "32", style);
    const auto limit = limit_on(figures.limits, text_of(day, "date"));
    if (limit) line += "  " + limit_cell(*limit, 20);
    if (figures.breaks.is_object()) {
      const auto [taken, shown] = breaks_on(figures.breaks, text_of(day, "date"));
      // TRANSLATORS: per day in week, month and history: breaks taken of reminders shown.
      line += "  " + format_tr(tr("breaks {}/{}"), taken, shown);
    }
    if (limit && limit->over_seconds > 0) line += "  " + paint(over_cell(*limit), "33", style);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.emplace_back(short_date(text_of(day, "date")), std::move(line));
  }
  const Summary summary = summarize(figures);
  // TRANSLATORS: the summary lines of week, month and history.
  lines.emplace_back(tr("total"), right(short_duration(summary.total), 7) + "  " +
                                      format_tr(tr("active, day starts at {}"),
                                                text_of(figures.usage, "day_start")));
  lines.emplace_back(tr("average"), right(short_duration(summary.average), 7) + "  " + tr("a day"));
  if (!summary.busiest.is_null()) {
    lines.emplace_back(tr("most"), right(short_duration(active_of(summary.busiest)), 7) + "  " +
                                       short_date(text_of(summary.busiest, "date")));
  }
  if (summary.longest) {
    // TRANSLATORS: "longest  1h 45m  without a break, from Tue 24 Nov 14:10".
    lines.emplace_back(tr("longest"),
                       right(short_duration(summary.longest->seconds), 7) + "  " +
                           format_tr(tr("without a break, from {} {}"),
                                     short_date(summary.longest->start.substr(0, 10)),
                                     clock_time(summary.longest->start)));
  }
  if (figures.breaks.is_object()) {
    lines.emplace_back(tr("breaks"), format_tr(tr("{} taken of {} reminders shown"), summary.taken,
                                               summary.shown));
  }
  if (figures.limits.is_object()) {
    // TRANSLATORS: the summary line for a limited user: "limit  over on 1 of 7 days".
    lines.emplace_back(tr("limit"),
                       format_tr(tr("over on {} of {} days"), summary.over_limit, days.size()));
  }
  if (figures.goal_seconds) {
    lines.emplace_back(tr("goal"), format_tr(tr("{} a day: kept on {} of {} days"),
                                             short_duration(*figures.goal_seconds),
                                             summary.within_goal, days.size()));
  }
  return rows(lines);
}

json days_json(const DaysFigures& figures) {
  json result = figures.usage;
  for (json& day : result["days"]) {
    const auto [taken, shown] = breaks_on(figures.breaks, text_of(day, "date"));
    day["breaks_taken"] = taken;
    day["reminders_shown"] = shown;
    if (const auto limit = limit_on(figures.limits, text_of(day, "date"))) {
      day["limit_seconds"] = limit->limit_seconds ? json(*limit->limit_seconds) : json(nullptr);
      day["granted_seconds"] = limit->granted_seconds;
    }
  }
  const Summary summary = summarize(figures);
  result["summary"] = {
      {"active_seconds", summary.total},
      {"average_active_seconds", summary.average},
      {"busiest_day", summary.busiest.is_null() ? json(nullptr) : member(summary.busiest, "date")},
      {"breaks_taken", summary.taken},
      {"reminders_shown", summary.shown},
      {"longest_stretch_seconds", summary.longest ? json(summary.longest->seconds) : json(nullptr)},
      {"longest_stretch_start", summary.longest ? json(summary.longest->start) : json(nullptr)},
      {"goal_seconds", figures.goal_seconds ? json(*figures.goal_seconds) : json(nullptr)},
      {"days_within_goal", figures.goal_seconds ? json(summary.within_goal) : json(nullptr)}};
  if (figures.limits.is_object()) result["summary"]["days_over_limit"] = summary.over_limit;
  return result;
}

std::string days_csv(const DaysFigures& figures) {
  std::string text = "date";
  for (const char* state : kStates) text += std::string(",") + state + "_seconds";
  const bool limited = figures.limits.is_object();
  text += limited ? ",breaks_taken,reminders_shown,limit_seconds,granted_seconds\n"
                  : ",breaks_taken,reminders_shown\n";
  for (const json& day : member(figures.usage, "days")) {
    text += text_of(day, "date");
    for (const char* state : kStates) {
      text += "," + std::to_string(number_of(day, (std::string(state) + "_seconds").c_str()));
    }
    const auto [taken, shown] = breaks_on(figures.breaks, text_of(day, "date"));
    text += "," + std::to_string(taken) + "," + std::to_string(shown);
    if (limited) {
      const auto limit = limit_on(figures.limits, text_of(day, "date"));
      text += ",";
      if (limit && limit->limit_seconds) text += std::to_string(*limit->limit_seconds);
      text += "," + std::to_string(limit ? limit->granted_seconds : 0);
    }
    text += "\n";
  }
  return text;
}

std::string hours_text(const json& usage, TextStyle style) {
  static constexpr std::array<const char*, 5> kShades = {"  ", "\u2591\u2591", "\u2592\u2592",
                                                         "\u2593\u2593", "\u2588\u2588"};
  static constexpr std::array<const char*, 7> kDays = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                                       N_("Fri"), N_("Sat"), N_("Sun")};
  const auto map = hour_map(usage);
  std::int64_t most = 0;
  int busiest_day = 0, busiest_hour = 0;
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      if (map[d][h] > most) {
        most = map[d][h];
        busiest_day = d;
        busiest_hour = h;
      }
    }
  }
  std::string header = "     ";
  for (int h = 0; h < 24; h += 3) header += left(std::to_string(h), 6);
  std::string text = header + "\n";
  for (int d = 0; d < 7; ++d) {
    std::string cells;
    for (int h = 0; h < 24; ++h) {
      int level = 0;
      if (map[d][h] > 0 && most > 0) level = static_cast<int>(1 + (map[d][h] * 4 - 1) / most);
      cells += kShades[std::min(level, 4)];
    }
    text += left(tr(kDays[d]), 5) + paint(cells, "36", style) + "\n";
  }
  if (most > 0) {
    // TRANSLATORS: under `screentimectl hours`: "busiest hour: Mon 14:00, 3h 20m in all".
    text += format_tr(tr("each cell one hour; darker is more use; busiest hour: {} {:02}:00, {} "
                         "in all"),
                      tr(kDays[busiest_day]), busiest_hour, short_duration(most)) +
            "\n";
  } else {
    text += tr("no active time in these days") + std::string("\n");
  }
  return text;
}

json hours_json(const json& usage) {
  const auto map = hour_map(usage);
  json weekdays = json::array();
  for (int d = 0; d < 7; ++d) {
    weekdays.push_back({{"weekday", kWeekdayKeys[d]}, {"active_seconds", map[d]}});
  }
  return {{"day_start", text_of(usage, "day_start")}, {"weekdays", std::move(weekdays)}};
}

std::string hours_csv(const json& usage) {
  const auto map = hour_map(usage);
  std::string text = "weekday,hour,active_seconds\n";
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      text += std::string(kWeekdayKeys[d]) + "," + std::to_string(h) + "," +
              std::to_string(map[d][h]) + "\n";
    }
  }
  return text;
}

}  // namespace screentime::client
