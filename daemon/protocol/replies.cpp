#include "daemon/protocol/replies.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "daemon/protocol/wire.hpp"

namespace screentime::protocol {
namespace {

using nlohmann::json;

json text_or_null(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

json moment(const OffsetDateTime& at) { return format_iso8601(at.utc, at.offset); }

json diagnostics(const std::vector<Diagnostic>& list) {
  json result = json::array();
  for (const auto& diagnostic : list) {
    result.push_back({{"file", diagnostic.file},
                      {"line", diagnostic.line},
                      {"column", diagnostic.column},
                      {"message", diagnostic.message}});
  }
  return result;
}

json rule(const BreakRuleView& rule) {
  return {{"enabled", rule.enabled},
          {"every", format_duration(rule.every)},
          {"length", format_duration(rule.length)},
          {"notice", format_duration(rule.notice)}};
}

json config_view(const ConfigView& c) {
  return {{"general", {{"day_starts_at", format_time_of_day(c.day_starts_at)}}},
          {"history",
           {{"database", c.database},
            {"checkpoint_interval", format_duration(c.checkpoint_interval)},
            {"retention", c.retention ? format_duration(*c.retention) : "forever"}}},
          {"activity",
           {{"source", c.activity_source},
            {"idle_threshold", format_duration(c.idle_threshold)},
            {"inhibitor_cap", format_duration(c.inhibitor_cap)}}},
          {"breaks",
           {{"snooze", format_duration(c.snooze)},
            {"max_snoozes", c.max_snoozes},
            {"min_gap", format_duration(c.min_gap)},
            {"nag_after", c.nag_after},
            {"eye", rule(c.eye)},
            {"movement", rule(c.movement)}}},
          {"goal", {{"enabled", c.goal_enabled}, {"daily", format_duration(c.daily_goal)}}},
          {"report", {{"weekly_notice", c.weekly_notice}}}};
}

}  // namespace

std::string format_time_of_day(std::chrono::minutes since_midnight) {
  const std::chrono::hh_mm_ss<std::chrono::minutes> time{since_midnight};
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return text;
}

json to_json(const Totals& totals) {
  return {{"active_seconds", totals.active},
          {"idle_seconds", totals.idle},
          {"locked_seconds", totals.locked},
          {"asleep_seconds", totals.asleep},
          {"unknown_seconds", totals.unknown}};
}

json to_json(const DayTotals& day) {
  json result = to_json(day.totals);
  result["date"] = format_iso_date(day.date);
  return result;
}

json to_json(const UsageReply& reply) {
  json result = {{"day_start", format_time_of_day(reply.day_start)}};
  if (reply.intervals) {
    json list = json::array();
    for (const auto& interval : *reply.intervals) {
      list.push_back({{"state", interval.state},
                      {"start", moment(interval.start)},
                      {"end", moment(interval.end)},
                      {"start_ms", interval.start.utc.time_since_epoch().count()},
                      {"end_ms", interval.end.utc.time_since_epoch().count()},
                      {"duration_ms", interval.duration.count()},
                      {"source", interval.source},
                      {"detail", interval.detail}});
    }
    result["intervals"] = std::move(list);
    result["next_offset"] = reply.next_offset ? json(*reply.next_offset) : json();
  }
  if (reply.hours) {
    json list = json::array();
    for (const auto& hour : *reply.hours) {
      json entry = to_json(hour.totals);
      entry["date"] = format_iso_date(hour.date);
      entry["hour"] = hour.hour;
      list.push_back(std::move(entry));
    }
    result["hours"] = std::move(list);
  }
  if (reply.days) {
    json list = json::array();
    for (const auto& day : *reply.days) list.push_back(to_json(day));
    result["days"] = std::move(list);
  }
  return result;
}

json to_json(const StateReply& reply) {
  return {{"state", reply.state},
          {"since", reply.since ? moment(*reply.since) : json(nullptr)},
          {"source", reply.source},
          {"detail", reply.detail},
          {"today", to_json(reply.today)}};
}

json to_json(const StatusReply& reply) {
  json result = to_json(reply.state);
  json inhibitors = json::array();
  for (const auto& held : reply.activity.inhibitors) {
    inhibitors.push_back({{"source", held.source}, {"who", held.who}, {"why", held.why}});
  }
  result["activity_source"] = reply.activity_source;
  result["activity"] = {
      {"input", text_or_null(reply.activity.input)},
      {"precision_ms",
       reply.activity.precision_ms ? json(*reply.activity.precision_ms) : json(nullptr)},
      {"session", reply.activity.session},
      {"presenting", reply.activity.presenting},
      {"inhibitors", std::move(inhibitors)}};
  result["version"] = reply.version;
  result["protocol"] = kProtocolVersion;
  result["pid"] = reply.pid;
  result["config"] = {{"file", text_or_null(reply.config.file)},
                      {"in_force", reply.config.in_force},
                      {"errors", diagnostics(reply.config.errors)}};
  result["breaks"] = to_json(reply.breaks);
  result["database"] = reply.database;
  result["database_damage"] = reply.database_damage.empty() ? json() : json(reply.database_damage);
  result["pending_writes"] = reply.pending_writes;
  result["limits"] = reply.limits;
  return result;
}

json to_json(const ConfigReply& reply) {
  return {{"file", text_or_null(reply.file)},
          {"in_force", reply.in_force},
          {"config", config_view(reply.config)}};
}

json to_json(const ConfigCheckReply& reply) {
  return {{"file", text_or_null(reply.file)},
          {"valid", reply.valid},
          {"errors", diagnostics(reply.errors)},
          {"warnings", diagnostics(reply.warnings)}};
}

json to_json(const ReloadReply& reply) {
  return {{"loaded", reply.loaded},
          {"file", text_or_null(reply.file)},
          {"errors", diagnostics(reply.errors)}};
}

json to_json(const ForgetReply& reply) { return {{"forgot_before", moment(reply.forgot_before)}}; }

json to_json(const ResourcesReply& reply) {
  json list = json::array();
  for (const auto& r : reply.resources) {
    list.push_back({{"id", r.id},
                    {"title", r.title},
                    {"description", r.description},
                    {"url", r.url},
                    {"category", r.category},
                    {"moments", r.moments}});
  }
  return {{"language", reply.language},
          {"resources", std::move(list)},
          {"errors", diagnostics(reply.errors)}};
}

}  // namespace screentime::protocol
