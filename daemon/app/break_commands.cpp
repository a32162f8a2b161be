#include "daemon/app/break_commands.hpp"

#include <map>

#include "daemon/app/manager.hpp"
#include "daemon/app/request_args.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

// Longer than a working week off is not a pause: switch the reminders off in the config.
constexpr core::Duration kLongestPause = std::chrono::days{7};
constexpr int kMaxBreakReportDays = 366;

std::string refusal(core::AnswerResult result, const core::BreakSettings& settings) {
  switch (result) {
    case core::AnswerResult::nothing_visible:
      return "no reminder is showing";
    case core::AnswerResult::snooze_limit:
      return "snoozed " + std::to_string(settings.max_snoozes) +
             " times in a row already: take the break or skip it";
    case core::AnswerResult::not_a_break:
      return "the daily goal's notice can only be dismissed (skip)";
    case core::AnswerResult::already_taking:
      return "the break is already being taken (skip ends it)";
    case core::AnswerResult::ok:
      break;
  }
  return "";
}

json empty_counts(core::ReminderKind kind) {
  if (kind == core::ReminderKind::goal) return {{"goal_warned", 0}, {"goal_reached", 0}};
  return {{"due", 0},       {"shown", 0},   {"taken", 0},  {"natural", 0},
          {"cut_short", 0}, {"snoozed", 0}, {"skipped", 0}};
}

}  // namespace

json answer_break(Manager& daemon, const json& args) {
  const auto text = protocol::string_arg(args, "answer");
  const auto answer = text ? core::parse_break_answer(*text) : std::nullopt;
  if (!answer) {
    throw ProtocolError(ErrorCode::bad_request,
                        "args.answer: expected \"take\", \"snooze\" or \"skip\"");
  }
  const auto result = daemon.reminders().answer(*answer);
  if (result != core::AnswerResult::ok) {
    throw ProtocolError(ErrorCode::refused, refusal(result, daemon.config_state().config.breaks));
  }
  return {{"answer", *text}, {"breaks", daemon.reminders().status()}};
}

json pause_reminders(Manager& daemon, const json& args) {
  const auto length = protocol::string_arg(args, "for");
  const auto until = protocol::string_arg(args, "until");
  if (length.has_value() == until.has_value()) {
    throw ProtocolError(ErrorCode::bad_request,
                        "say args.for (a duration such as \"1h\") or args.until (a date-time)");
  }
  const auto now = daemon.clock().now().wall;
  core::WallTime end{};
  if (length) {
    const auto parsed = protocol::parse_duration(*length);
    if (!parsed || *parsed <= core::Duration{0}) {
      throw ProtocolError(ErrorCode::bad_request,
                          "args.for: expected a duration such as \"1h\" or \"30m\"");
    }
    end = now + *parsed;
  } else {
    const auto parsed = protocol::parse_iso8601(*until);
    if (!parsed) {
      throw ProtocolError(ErrorCode::bad_request,
                          "args.until: expected a date-time such as \"2026-11-24T14:00:00+01:00\"");
    }
    end = parsed->utc;
    if (end <= now) throw ProtocolError(ErrorCode::bad_request, "args.until: already past");
  }
  if (end - now > kLongestPause) {
    throw ProtocolError(ErrorCode::bad_request,
                        "a pause lasts at most 7 days; turn the breaks off in the config instead");
  }
  daemon.reminders().pause_until(end);
  return {{"paused_until", protocol::format_iso8601(end, daemon.clock().utc_offset(end))}};
}

json resume_reminders(Manager& daemon) {
  daemon.reminders().pause_until(std::nullopt);
  return {{"paused_until", nullptr}};
}

json breaks_report(Manager& daemon, const json& args) {
  const auto report = daemon.report();
  const auto today = report.today();
  const auto from = date_arg(args, "from", today);
  const auto to = date_arg(args, "to", from > today ? from : today);
  const auto span = (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
  if (span < 0) throw ProtocolError(ErrorCode::bad_request, "args.to: before args.from");
  if (span >= kMaxBreakReportDays) {
    throw ProtocolError(ErrorCode::bad_request, "at most 366 days per report");
  }
  const auto day_start = daemon.config_state().config.day_start;
  std::map<core::LocalDate, json> days;
  for (auto day = from; day <= to;
       day = core::LocalDate{std::chrono::sys_days{day} + std::chrono::days{1}}) {
    json counts;
    for (auto kind : core::kAllReminderKinds)
      counts[std::string(core::to_string(kind))] = empty_counts(kind);
    days[day] = std::move(counts);
  }
  const auto [utc_from, utc_to] = core::utc_range_of_days(from, to, day_start);
  for (const auto& event : daemon.store().break_events(daemon.user(), utc_from, utc_to)) {
    const auto day = core::attributed_day(event.at, event.offset, day_start);
    const auto found = days.find(day);
    if (found == days.end()) continue;
    auto& counter = found->second[std::string(core::to_string(event.kind))]
                                 [std::string(core::to_string(event.type))];
    if (counter.is_number()) counter = counter.get<int>() + 1;
  }
  json list = json::array();
  for (auto& [day, counts] : days) {
    counts["date"] = protocol::format_iso_date(day);
    list.push_back(std::move(counts));
  }
  return {{"days", std::move(list)}, {"breaks", daemon.reminders().status()}};
}

}  // namespace screentime::app
