#pragma once
// The replies of the system role's limit commands (docs/protocol.md: `limits.status`,
// `limits.show`, `limits.grant`) as types, and their JSON. Pure.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/protocol/iso8601.hpp"
#include "daemon/protocol/replies.hpp"

namespace screentime::protocol {

// Where a limited user stands now.
struct LimitStatusReply {
  std::uint32_t uid = 0;
  std::string name;   // the login name, or the uid as digits without an account
  std::string state;  // what the system role records: active, idle, locked, unknown
  LocalDate day{};
  std::int64_t used_today_seconds = 0;
  std::optional<std::int64_t> daily_seconds;  // today's allowance with today's grants
  std::int64_t granted_today_seconds = 0;
  std::int64_t used_week_seconds = 0;
  std::optional<std::int64_t> weekly_seconds;     // this week's allowance with its grants
  std::optional<std::int64_t> left_seconds;       // none: no limit ends the time this week
  bool allowed_now = true;                        // inside the allowed hours
  std::optional<OffsetDateTime> hours_change_at;  // when that changes, within a week
  bool over = false;                              // the time is up now
  bool counting = false;                          // the time counts now (a session open)
  std::optional<std::string> reason;              // what ends (or ended) the time first
  std::string action;
  std::int64_t grace_seconds = 0;
};

struct LimitDayView {
  std::string weekday;                        // "mon" .. "sun"
  std::optional<std::int64_t> daily_seconds;  // none: no daily allowance
  // none: any hour; empty: no hour that day. "07:00-08:00"
  std::optional<std::vector<std::string>> allowed_hours;
};

struct UserLimitsView {
  std::uint32_t uid = 0;
  std::string name;
  std::vector<LimitDayView> days;  // Monday first
  std::optional<std::int64_t> weekly_seconds;
  std::vector<std::int64_t> warnings_seconds;
  std::string action;
  std::int64_t grace_seconds = 0;
  bool count_idle = false;
};

struct LimitsShowReply {
  std::string file;
  std::string in_force;  // "file" or "last-good"
  std::vector<Diagnostic> errors;
  std::vector<UserLimitsView> users;
};

// Whether a user may log in now (the PAM module's question).
struct LoginCheckReply {
  std::uint32_t uid = 0;
  bool limited = false;
  bool allowed = true;
  std::optional<std::string> reason;  // allowed false: daily, weekly or hours
  std::string message;                // for the login screen: why not, or the time left
  std::optional<std::int64_t> left_seconds;
};

// A request for more time and its answer (limits.ask, limits.deny, limits.requests).
struct RequestView {
  std::int64_t id = 0;
  std::uint32_t uid = 0;
  std::string name;
  OffsetDateTime asked_at{};
  std::int64_t extra_seconds = 0;
  std::string reason;
  std::string state;  // pending, granted, denied
  std::optional<OffsetDateTime> answered_at;
  std::optional<std::uint32_t> answered_by;
  std::int64_t granted_seconds = 0;
};

struct RequestsReply {
  std::vector<RequestView> requests;
};

// The parents' report (limits.usage): per day the time used against the limit, and what the
// limit did; per hour with by "hour".
struct LimitEventView {
  OffsetDateTime at{};
  std::string kind;  // time_up, action
  std::string action;
  std::string reason;
};

struct LimitDayUsage {
  LocalDate date{};
  std::int64_t active_seconds = 0;
  std::int64_t idle_seconds = 0;
  std::optional<std::int64_t> limit_seconds;  // that weekday's allowance now; none: no limit
  std::int64_t granted_seconds = 0;
  std::int64_t over_seconds = 0;  // active beyond the allowance and the grants
  std::vector<LimitEventView> events;
};

struct LimitHourUsage {
  LocalDate date{};
  int hour = 0;
  std::int64_t active_seconds = 0;
};

struct LimitsUsageReply {
  std::uint32_t uid = 0;
  std::string name;
  std::vector<LimitDayUsage> days;
  std::optional<std::vector<LimitHourUsage>> hours;
};

nlohmann::json to_json(const LimitStatusReply& reply);
nlohmann::json to_json(const LimitsUsageReply& reply);
nlohmann::json to_json(const RequestView& reply);
nlohmann::json to_json(const RequestsReply& reply);
nlohmann::json to_json(const LoginCheckReply& reply);
nlohmann::json to_json(const LimitsShowReply& reply);

}  // namespace screentime::protocol
