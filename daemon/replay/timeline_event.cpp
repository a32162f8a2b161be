#include "daemon/replay/timeline_event.hpp"

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "daemon/protocol/duration_text.hpp"
#include "daemon/replay/json_fields.hpp"
#include "daemon/replay/limits_event.hpp"

namespace screentime::replay {
namespace {

using Kind = TimelineEvent::Kind;
using nlohmann::json;

constexpr std::array<std::pair<std::string_view, Kind>, 30> kKinds = {{
    {"start", Kind::start},     {"stop", Kind::stop},
    {"crash", Kind::crash},     {"state", Kind::state},
    {"sleep", Kind::sleep},     {"wake", Kind::wake},
    {"clock", Kind::clock},     {"timezone", Kind::timezone},
    {"config", Kind::config},   {"totals", Kind::totals},
    {"away", Kind::away},       {"back", Kind::back},
    {"take", Kind::answer},     {"snooze", Kind::answer},
    {"skip", Kind::answer},     {"dismiss", Kind::dismiss},
    {"pause", Kind::pause},     {"resume", Kind::resume},
    {"dnd", Kind::dnd},         {"presenting", Kind::presenting},
    {"goal", Kind::goal},       {"restart", Kind::restart},
    {"lock", Kind::lock},       {"unlock", Kind::unlock},
    {"idle", Kind::idle},       {"input", Kind::input},
    {"inhibit", Kind::inhibit}, {"uninhibit", Kind::uninhibit},
    {"limits", Kind::limits},   {"grant", Kind::grant},
}};

core::LocalDate date(const json& object, const char* key) {
  const auto parsed = protocol::parse_iso_date(text(object, key));
  if (!parsed) fail(std::string("\"") + key + "\" must be a date such as \"2026-03-29\"");
  return *parsed;
}

core::DayStart day_start(const json& object) {
  const auto parsed = protocol::parse_time_of_day(text(object, "day_start"));
  if (!parsed) fail("\"day_start\" must be a time of day such as \"04:00\"");
  return *parsed;
}

int count(const json& object, const char* key) {
  const auto& value = object.at(key);
  if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > 1000) {
    fail(std::string("\"") + key + "\" must be a whole number from 0 to 1000");
  }
  return value.get<int>();
}

// "since": an ISO 8601 date-time, or how long before "at" ("-20s").
protocol::OffsetDateTime since(const json& object, const protocol::OffsetDateTime& at) {
  const std::string value = text(object, "since");
  if (!value.empty() && value.front() == '-') {
    const auto ago = protocol::parse_duration(std::string_view(value).substr(1));
    if (!ago) fail("\"since\" must be a date-time or a duration before \"at\" such as \"-20s\"");
    return {at.utc - *ago, at.offset};
  }
  return moment(object, "since");
}

void read_state(const json& object, TimelineEvent& event, bool required) {
  if (object.contains("state")) {
    event.state = core::parse_activity_state(text(object, "state"));
    if (!event.state) fail("\"state\" must be active, idle, locked, asleep or unknown");
  } else if (required) {
    fail("a state event needs \"state\"");
  }
  if (object.contains("source")) event.source = text(object, "source");
  if (object.contains("detail")) event.detail = text(object, "detail");
}

// The break settings a config event may carry, as in the config file's [breaks] keys.
void read_break_settings(const json& object, TimelineEvent& event) {
  using Setter = std::function<void(core::BreakSettings&)>;
  const auto rule_key = [&](const std::string& key) -> std::optional<Setter> {
    for (core::ReminderKind kind : core::kBreakKinds) {
      const std::string prefix = std::string(core::to_string(kind)) + ".";
      if (key.rfind(prefix, 0) != 0) continue;
      const std::string field = key.substr(prefix.size());
      const auto rule = [kind](core::BreakSettings& s) -> core::BreakRule& {
        return kind == core::ReminderKind::movement ? s.movement : s.eye;
      };
      if (field == "enabled") {
        return [rule, on = flag(object, key.c_str())](auto& s) { rule(s).enabled = on; };
      }
      if (field == "every" || field == "length" || field == "notice") {
        const core::Duration value = duration(object, key.c_str());
        if (field != "notice" && value <= core::Duration{0}) {
          fail("\"" + key + "\" must be longer than 0s");
        }
        if (field == "every") return [rule, value](auto& s) { rule(s).every = value; };
        if (field == "length") return [rule, value](auto& s) { rule(s).length = value; };
        return [rule, value](auto& s) { rule(s).notice = value; };
      }
      fail("unknown break setting \"" + key + "\"");
    }
    return std::nullopt;
  };
  for (const auto& [key, value] : object.items()) {
    std::optional<Setter> setter = rule_key(key);
    if (setter) {
    } else if (key == "snooze" || key == "min_gap" || key == "overdue_update" || key == "goal") {
      const core::Duration d = duration(object, key.c_str());
      if (key == "snooze") setter = [d](auto& s) { s.snooze = d; };
      if (key == "min_gap") setter = [d](auto& s) { s.min_gap = d; };
      if (key == "overdue_update") setter = [d](auto& s) { s.overdue_update = d; };
      if (key == "goal") setter = [d](auto& s) { s.daily_goal = d; };
    } else if (key == "max_snoozes") {
      setter = [n = count(object, "max_snoozes")](auto& s) { s.max_snoozes = n; };
    } else if (key == "nag_after") {
      setter = [n = count(object, "nag_after")](auto& s) { s.nag_after = n; };
    } else if (key == "goal.enabled") {
      setter = [on = flag(object, "goal.enabled")](auto& s) { s.goal_enabled = on; };
    }
    if (setter) event.break_settings.push_back(std::move(*setter));
  }
  if (!event.break_settings.empty()) event.needs_format = 2;
}

void read_pause(const json& object, TimelineEvent& event) {
  if (object.contains("for") == object.contains("until")) {
    fail("a pause needs either \"for\" or \"until\"");
  }
  if (object.contains("for")) {
    event.pause_for = duration(object, "for");
    return;
  }
  const std::string until = text(object, "until");
  if (const auto local = protocol::parse_time_of_day(until)) {
    event.pause_until_local = *local;
  } else if (const auto exact = protocol::parse_iso8601(until)) {
    event.pause_until = *exact;
  } else {
    fail("\"until\" must be a local time of day (\"14:00\") or an ISO 8601 date-time");
  }
}

}  // namespace

std::string_view to_string(const TimelineEvent& event) {
  if (event.kind == Kind::answer) return core::to_string(event.answer);
  for (const auto& [name, value] : kKinds) {
    if (value == event.kind) return name;
  }
  return "?";
}

std::optional<int> format_line(std::string_view line) {
  const json object = json::parse(line, nullptr, false);
  if (!object.is_object() || !object.contains("format") || object.contains("event")) {
    return std::nullopt;
  }
  const auto& format = object["format"];
  if (!format.is_number_integer() || format.get<int>() < 1 || format.get<int>() > kTimelineFormat) {
    fail("this screentime-replay reads timeline formats 1 to " + std::to_string(kTimelineFormat));
  }
  return format.get<int>();
}

TimelineEvent parse_timeline_event(std::string_view line) {
  const json object = json::parse(line, nullptr, false);
  if (object.is_discarded()) fail("not valid JSON");
  if (!object.is_object()) fail("each line must be a JSON object");
  if (!object.contains("event")) fail("missing \"event\"");
  if (!object.contains("at")) fail("missing \"at\"");

  TimelineEvent event;
  const std::string kind = text(object, "event");
  bool known = false;
  for (const auto& [name, value] : kKinds) {
    if (name == kind) {
      event.kind = value;
      known = true;
    }
  }
  if (!known) fail("unknown event \"" + kind + "\"");
  if (event.kind >= Kind::away) event.needs_format = 2;
  if (event.kind >= Kind::limits) event.needs_format = 3;
  event.at = moment(object, "at");

  if (object.contains("boot")) {
    const auto& boot = object["boot"];
    if (!boot.is_number() || boot.get<double>() < 0) fail("\"boot\" must be seconds >= 0");
    event.boot = core::BootTime{core::Duration{std::llround(boot.get<double>() * 1000.0)}};
  }
  if (object.contains("elapsed")) event.elapsed = duration(object, "elapsed");
  if (object.contains("slept")) event.slept = duration(object, "slept");

  switch (event.kind) {
    case Kind::start:
      if (object.contains("boot_id")) event.boot_id = text(object, "boot_id");
      if (object.contains("reboot")) {
        if (!object["reboot"].is_boolean()) fail("\"reboot\" must be true or false");
        event.reboot = object["reboot"].get<bool>();
      }
      break;
    case Kind::state:
      read_state(object, event, true);
      if (object.contains("since")) event.since = since(object, event.at);
      break;
    case Kind::wake:
      read_state(object, event, false);
      break;
    case Kind::timezone:
      event.time_zone = text(object, "tz");
      break;
    case Kind::config:
      if (object.contains("day_start")) event.day_start = day_start(object);
      if (object.contains("checkpoint_interval")) {
        event.checkpoint_interval = duration(object, "checkpoint_interval");
      }
      for (const char* key : {"idle_threshold", "inhibitor_cap"}) {
        if (!object.contains(key)) continue;
        const core::Duration value = duration(object, key);
        if (value <= core::Duration{0}) fail(std::string("\"") + key + "\" must be longer than 0s");
        (std::string_view(key) == "idle_threshold" ? event.idle_threshold : event.inhibitor_cap) =
            value;
        event.needs_format = 2;
      }
      read_break_settings(object, event);
      break;
    case Kind::totals:
      event.from = date(object, "from");
      event.to = date(object, "to");
      break;
    case Kind::away:
      if (object.contains("since")) event.since = since(object, event.at);
      break;
    case Kind::idle:
      if (object.contains("since")) event.since = since(object, event.at);
      if (object.contains("source")) event.source = text(object, "source");
      break;
    case Kind::input:
      if (object.contains("source")) event.source = text(object, "source");
      break;
    case Kind::inhibit:
    case Kind::uninhibit:
      if (!object.contains("who")) fail("an " + kind + " event needs \"who\"");
      event.who = text(object, "who");
      if (object.contains("why")) event.why = text(object, "why");
      event.source = object.contains("source") ? text(object, "source") : "logind";
      break;
    case Kind::answer:
      event.answer = *core::parse_break_answer(kind);
      break;
    case Kind::pause:
      read_pause(object, event);
      break;
    case Kind::dnd:
    case Kind::presenting:
      if (!object.contains("on")) fail("a " + kind + " event needs \"on\" (true or false)");
      event.on = flag(object, "on");
      break;
    case Kind::goal:
      if (!object.contains("used")) fail("a goal event needs \"used\", such as \"1h30m\"");
      event.goal_used = duration(object, "used");
      break;
    case Kind::limits:
      event.limits = read_limits_event(object);
      break;
    case Kind::grant:
      if (!object.contains("extra")) fail("a grant event needs \"extra\", such as \"30m\"");
      event.extra = duration(object, "extra");
      break;
    case Kind::stop:
    case Kind::crash:
    case Kind::sleep:
    case Kind::clock:
    case Kind::back:
    case Kind::dismiss:
    case Kind::resume:
    case Kind::restart:
    case Kind::lock:
    case Kind::unlock:
      break;
  }
  return event;
}

}  // namespace screentime::replay
