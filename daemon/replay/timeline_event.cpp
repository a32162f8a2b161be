#include "daemon/replay/timeline_event.hpp"

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "daemon/core/duration_text.hpp"

namespace screentime::replay {
namespace {

using Kind = TimelineEvent::Kind;
using nlohmann::json;

constexpr std::array<std::pair<std::string_view, Kind>, 10> kKinds = {{
    {"start", Kind::start},
    {"stop", Kind::stop},
    {"crash", Kind::crash},
    {"state", Kind::state},
    {"sleep", Kind::sleep},
    {"wake", Kind::wake},
    {"clock", Kind::clock},
    {"timezone", Kind::timezone},
    {"config", Kind::config},
    {"totals", Kind::totals},
}};

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

std::string text(const json& object, const char* key) {
  const auto& value = object.at(key);
  if (!value.is_string()) fail(std::string("\"") + key + "\" must be a string");
  return value.get<std::string>();
}

core::OffsetDateTime moment(const json& object, const char* key) {
  const auto parsed = core::parse_iso8601(text(object, key));
  if (!parsed) {
    fail(std::string("\"") + key + "\" must be an ISO 8601 date-time with a UTC offset");
  }
  return *parsed;
}

core::Duration duration(const json& object, const char* key) {
  const auto parsed = core::parse_duration(text(object, key));
  if (!parsed) fail(std::string("\"") + key + "\" must be a duration such as \"1h30m\"");
  return *parsed;
}

core::LocalDate date(const json& object, const char* key) {
  const auto parsed = core::parse_iso_date(text(object, key));
  if (!parsed) fail(std::string("\"") + key + "\" must be a date such as \"2026-03-29\"");
  return *parsed;
}

core::DayStart day_start(const json& object) {
  const auto parsed = core::parse_time_of_day(text(object, "day_start"));
  if (!parsed) fail("\"day_start\" must be a time of day such as \"04:00\"");
  return *parsed;
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

}  // namespace

std::string_view to_string(Kind kind) {
  for (const auto& [name, value] : kKinds) {
    if (value == kind) return name;
  }
  return "?";
}

bool is_format_line(std::string_view line) {
  const json object = json::parse(line, nullptr, false);
  if (!object.is_object() || !object.contains("format") || object.contains("event")) return false;
  if (!object["format"].is_number_integer() || object["format"].get<int>() != kTimelineFormat) {
    fail("this screentime-replay reads timeline format " + std::to_string(kTimelineFormat));
  }
  return true;
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
      if (object.contains("since")) event.since = moment(object, "since");
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
      break;
    case Kind::totals:
      event.from = date(object, "from");
      event.to = date(object, "to");
      break;
    case Kind::stop:
    case Kind::crash:
    case Kind::sleep:
    case Kind::clock:
      break;
  }
  return event;
}

}  // namespace screentime::replay
