#pragma once
// The replies of the protocol's commands (docs/protocol.md) as types, and their JSON: the
// daemon fills them, this file alone decides what they look like on the wire. Pure.
// The take-a-break replies are in break_replies.hpp.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/protocol/break_replies.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::protocol {

// Whole seconds per activity state.
struct Totals {
  std::int64_t active = 0, idle = 0, locked = 0, asleep = 0, unknown = 0;
};

struct DayTotals {
  LocalDate date;
  Totals totals;
};

struct HourTotals {
  LocalDate date;
  int hour = 0;
  Totals totals;
};

struct IntervalEntry {
  std::string state;
  OffsetDateTime start;
  OffsetDateTime end;
  Duration duration{};
  std::string source;
  std::string detail;
};

// The result of `usage`: exactly one of the three lists, as `by` asked.
struct UsageReply {
  std::chrono::minutes day_start{};
  std::optional<std::vector<DayTotals>> days;
  std::optional<std::vector<HourTotals>> hours;
  std::optional<std::vector<IntervalEntry>> intervals;
  std::optional<std::int64_t> next_offset;  // by interval: where the next reply starts
};

// The state pushed to subscribers, and the first part of `status`.
struct StateReply {
  std::string state;
  std::optional<OffsetDateTime> since;
  std::string source;
  std::string detail;
  DayTotals today;
};

struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
};

struct Inhibitor {
  std::string source, who, why;
};

struct ActivityReply {
  std::optional<std::string> input;
  std::optional<std::int64_t> precision_ms;
  bool session = false;
  bool presenting = false;
  std::vector<Inhibitor> inhibitors;
};

struct ConfigSummary {
  std::optional<std::string> file;
  std::string in_force;
  std::vector<Diagnostic> errors;
};

struct StatusReply {
  StateReply state;
  std::string activity_source;
  ActivityReply activity;
  std::string version;
  pid_t pid = 0;
  ConfigSummary config;
  BreakState breaks;
  std::string database;
  std::string database_damage;  // "" none
  std::size_t pending_writes = 0;
  // The standing against a parent's limits (a `limits.status` object), or null.
  nlohmann::json limits;
};

struct BreakRuleView {
  bool enabled = true;
  Duration every{}, length{}, notice{};
};

// Every key of the config in force, section by section as the file has them.
struct ConfigView {
  std::chrono::minutes day_starts_at{};
  std::string database;
  Duration checkpoint_interval{};
  std::optional<Duration> retention;  // none: forever
  std::string activity_source;
  Duration idle_threshold{}, inhibitor_cap{};
  Duration snooze{};
  int max_snoozes = 0;
  Duration min_gap{};
  int nag_after = 0;
  BreakRuleView eye, movement;
  bool goal_enabled = false;
  Duration daily_goal{};
  bool weekly_notice = false;
};

struct ConfigReply {
  std::optional<std::string> file;
  std::string in_force;
  ConfigView config;
};

struct ConfigCheckReply {
  std::optional<std::string> file;
  bool valid = true;
  std::vector<Diagnostic> errors, warnings;
};

struct ReloadReply {
  bool loaded = false;
  std::optional<std::string> file;
  std::vector<Diagnostic> errors;
};

struct ForgetReply {
  OffsetDateTime forgot_before;
};

struct ResourceEntry {
  std::string id, title, description, url, category;
  std::vector<std::string> moments;
};

struct ResourcesReply {
  std::string language;
  std::vector<ResourceEntry> resources;
  std::vector<Diagnostic> errors;
};

nlohmann::json to_json(const Totals& totals);
nlohmann::json to_json(const DayTotals& day);
nlohmann::json to_json(const UsageReply& reply);
nlohmann::json to_json(const StateReply& reply);
nlohmann::json to_json(const StatusReply& reply);
nlohmann::json to_json(const ConfigReply& reply);
nlohmann::json to_json(const ConfigCheckReply& reply);
nlohmann::json to_json(const ReloadReply& reply);
nlohmann::json to_json(const ForgetReply& reply);
nlohmann::json to_json(const ResourcesReply& reply);

// "04:00"
std::string format_time_of_day(std::chrono::minutes since_midnight);

}  // namespace screentime::protocol
