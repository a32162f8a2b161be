#include "daemon/protocol/break_replies.hpp"

#include <nlohmann/json.hpp>

namespace screentime::protocol {
namespace {

using nlohmann::json;

json moment_or_null(const std::optional<OffsetDateTime>& moment) {
  return moment ? json(format_iso8601(moment->utc, moment->offset)) : json(nullptr);
}

json to_json(const VisibleReminder& r) {
  json result = {{"kind", r.kind},       {"phase", r.phase},
                 {"snoozes", r.snoozes}, {"can_snooze", r.can_snooze},
                 {"streak", r.streak},   {"nag", r.nag}};
  if (r.overdue_seconds) result["overdue_seconds"] = *r.overdue_seconds;
  if (r.due_in_seconds) result["due_in_seconds"] = *r.due_in_seconds;
  if (r.back_at) result["back_at"] = format_iso8601(r.back_at->utc, r.back_at->offset);
  return result;
}

}  // namespace

json to_json(const BreakState& state) {
  json timers = json::array();
  for (const auto& timer : state.timers) {
    timers.push_back({{"kind", timer.kind},
                      {"enabled", timer.enabled},
                      {"worked_seconds", timer.worked_seconds},
                      {"due_in_seconds", timer.due_in_seconds},
                      {"snoozes", timer.snoozes}});
  }
  return {{"timers", std::move(timers)},
          {"visible", state.visible ? to_json(*state.visible) : json(nullptr)},
          {"holds", state.holds},
          {"paused_until", moment_or_null(state.paused_until)},
          {"streak", state.streak},
          {"notifier", state.notifier},
          {"do_not_disturb", state.do_not_disturb}};
}

json break_shape(json breaks) {
  if (!breaks.is_object()) return breaks;
  for (auto& timer : breaks["timers"]) {
    timer.erase("worked_seconds");
    timer.erase("due_in_seconds");
  }
  if (breaks["visible"].is_object()) {
    breaks["visible"].erase("overdue_seconds");
    breaks["visible"].erase("due_in_seconds");
  }
  return breaks;
}

json to_json(const BreakAnswerReply& reply) {
  return {{"answer", reply.answer}, {"breaks", to_json(reply.breaks)}};
}

json to_json(const PauseReply& reply) {
  return {{"paused_until", moment_or_null(reply.paused_until)}};
}

json to_json(const BreaksReply& reply) {
  json days = json::array();
  for (const auto& day : reply.days) {
    json entry = {{"date", format_iso_date(day.date)}};
    for (const auto& [kind, counts] : day.counts) entry[kind] = counts;
    days.push_back(std::move(entry));
  }
  return {{"days", std::move(days)}, {"breaks", to_json(reply.breaks)}};
}

}  // namespace screentime::protocol
