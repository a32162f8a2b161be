#include "daemon/protocol/limit_replies.hpp"

#include <nlohmann/json.hpp>

namespace screentime::protocol {
namespace {

using nlohmann::json;

template <typename Value>
json or_null(const std::optional<Value>& value) {
  return value ? json(*value) : json(nullptr);
}

json errors_of(const std::vector<Diagnostic>& list) {
  json result = json::array();
  for (const auto& d : list) {
    result.push_back(
        {{"file", d.file}, {"line", d.line}, {"column", d.column}, {"message", d.message}});
  }
  return result;
}

json user_limits(const UserLimitsView& user) {
  json days = json::array();
  for (const auto& day : user.days) {
    days.push_back({{"weekday", day.weekday},
                    {"daily_seconds", or_null(day.daily_seconds)},
                    {"allowed_hours", or_null(day.allowed_hours)}});
  }
  return {{"uid", user.uid},
          {"name", user.name},
          {"days", std::move(days)},
          {"weekly_seconds", or_null(user.weekly_seconds)},
          {"warnings_seconds", user.warnings_seconds},
          {"action", user.action},
          {"grace_seconds", user.grace_seconds},
          {"count_idle", user.count_idle}};
}

}  // namespace

json to_json(const LimitStatusReply& reply) {
  return {{"uid", reply.uid},
          {"name", reply.name},
          {"state", reply.state},
          {"day", format_iso_date(reply.day)},
          {"used_today_seconds", reply.used_today_seconds},
          {"daily_seconds", or_null(reply.daily_seconds)},
          {"granted_today_seconds", reply.granted_today_seconds},
          {"used_week_seconds", reply.used_week_seconds},
          {"weekly_seconds", or_null(reply.weekly_seconds)},
          {"left_seconds", or_null(reply.left_seconds)},
          {"allowed_now", reply.allowed_now},
          {"hours_change_at",
           reply.hours_change_at
               ? json(format_iso8601(reply.hours_change_at->utc, reply.hours_change_at->offset))
               : json(nullptr)},
          {"over", reply.over},
          {"counting", reply.counting},
          {"reason", or_null(reply.reason)},
          {"action", reply.action},
          {"grace_seconds", reply.grace_seconds}};
}

json to_json(const LimitsUsageReply& reply) {
  json days = json::array();
  for (const auto& day : reply.days) {
    json events = json::array();
    for (const auto& event : day.events) {
      events.push_back({{"at", format_iso8601(event.at.utc, event.at.offset)},
                        {"kind", event.kind},
                        {"action", event.action},
                        {"reason", event.reason}});
    }
    days.push_back({{"date", format_iso_date(day.date)},
                    {"active_seconds", day.active_seconds},
                    {"idle_seconds", day.idle_seconds},
                    {"limit_seconds", or_null(day.limit_seconds)},
                    {"granted_seconds", day.granted_seconds},
                    {"over_seconds", day.over_seconds},
                    {"events", std::move(events)}});
  }
  json result = {{"uid", reply.uid}, {"name", reply.name}, {"days", std::move(days)}};
  if (reply.hours) {
    json hours = json::array();
    for (const auto& hour : *reply.hours) {
      hours.push_back({{"date", format_iso_date(hour.date)},
                       {"hour", hour.hour},
                       {"active_seconds", hour.active_seconds}});
    }
    result["hours"] = std::move(hours);
  }
  return result;
}

json to_json(const RequestView& reply) {
  return {{"id", reply.id},
          {"uid", reply.uid},
          {"name", reply.name},
          {"asked_at", format_iso8601(reply.asked_at.utc, reply.asked_at.offset)},
          {"extra_seconds", reply.extra_seconds},
          {"reason", reply.reason},
          {"state", reply.state},
          {"answered_at", reply.answered_at ? json(format_iso8601(reply.answered_at->utc,
                                                                  reply.answered_at->offset))
                                            : json(nullptr)},
          {"answered_by", or_null(reply.answered_by)},
          {"granted_seconds", reply.granted_seconds}};
}

json to_json(const RequestsReply& reply) {
  json list = json::array();
  for (const auto& request : reply.requests) list.push_back(to_json(request));
  return {{"requests", std::move(list)}};
}

json to_json(const LoginCheckReply& reply) {
  return {{"uid", reply.uid},         {"limited", reply.limited},
          {"allowed", reply.allowed}, {"reason", or_null(reply.reason)},
          {"message", reply.message}, {"left_seconds", or_null(reply.left_seconds)}};
}

json to_json(const LimitsShowReply& reply) {
  json users = json::array();
  for (const auto& user : reply.users) users.push_back(user_limits(user));
  return {{"file", reply.file},
          {"in_force", reply.in_force},
          {"errors", errors_of(reply.errors)},
          {"users", std::move(users)}};
}

}  // namespace screentime::protocol
