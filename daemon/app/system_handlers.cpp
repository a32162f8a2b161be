#include "daemon/app/system_handlers.hpp"

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>

#include "daemon/adapters/config/limits_edit.hpp"
#include "daemon/app/limit_notice_text.hpp"
#include "daemon/app/limits_usage.hpp"
#include "daemon/app/time_requests.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/limit_policy.hpp"
#include "daemon/protocol/limit_replies.hpp"
#include "daemon/protocol/limits.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using protocol::Arguments;
using protocol::ErrorCode;
using protocol::ProtocolError;

constexpr std::array<const char*, core::kDaysInWeek> kWeekdays = {"mon", "tue", "wed", "thu",
                                                                  "fri", "sat", "sun"};

using core::to_seconds;

std::optional<std::int64_t> to_seconds(const std::optional<core::Duration>& duration) {
  return duration ? std::optional(to_seconds(*duration)) : std::nullopt;
}

std::string clock_text(std::chrono::minutes minutes) {
  const auto hours = minutes.count() / 60;
  const auto rest = minutes.count() % 60;
  return (hours < 10 ? "0" : "") + std::to_string(hours) + ":" + (rest < 10 ? "0" : "") +
         std::to_string(rest);
}

const core::UserSession& session_of(const SystemControl& system, core::UserId user) {
  const auto* session = system.limited_session(user);
  if (session == nullptr || session->limits() == nullptr) {
    throw ProtocolError(ErrorCode::refused, "uid " + std::to_string(user) + " has no limits");
  }
  return *session;
}

protocol::LimitStatusReply status_of(const SystemControl& system, core::UserId user) {
  const auto& session = session_of(system, user);
  const core::LimitPolicy& policy = *session.limits();
  const core::LimitStanding standing = policy.standing();
  const auto now = system.clock().now();
  protocol::LimitStatusReply reply;
  reply.uid = user;
  reply.name = system.user_name(user);
  const auto open = session.accountant().open_interval(now);
  reply.state = std::string(core::to_string(open ? open->state : core::ActivityState::unknown));
  reply.day = standing.day;
  reply.used_today_seconds = to_seconds(standing.used_today);
  reply.daily_seconds = to_seconds(standing.daily);
  reply.granted_today_seconds = to_seconds(standing.granted_today);
  reply.used_week_seconds = to_seconds(standing.used_week);
  reply.weekly_seconds = to_seconds(standing.weekly);
  reply.left_seconds = to_seconds(standing.left);
  reply.allowed_now = standing.hours.allowed;
  if (standing.hours.changes_at) {
    const auto at = *standing.hours.changes_at;
    reply.hours_change_at = protocol::OffsetDateTime{at, system.clock().utc_offset(at)};
  }
  reply.over = standing.over;
  reply.counting = policy.counting();
  if (standing.left || standing.over) reply.reason = std::string(core::to_string(standing.binding));
  reply.action = std::string(core::to_string(policy.limits().action));
  reply.grace_seconds = to_seconds(policy.limits().grace);
  return reply;
}

protocol::UserLimitsView limits_view(const SystemControl& system, core::UserId user) {
  const core::UserLimits& limits = session_of(system, user).limits()->limits();
  protocol::UserLimitsView view;
  view.uid = user;
  view.name = system.user_name(user);
  for (std::size_t day = 0; day < core::kDaysInWeek; ++day) {
    protocol::LimitDayView entry{kWeekdays[day], to_seconds(limits.days[day].daily), std::nullopt};
    if (const auto& hours = limits.days[day].allowed_hours) {
      entry.allowed_hours.emplace();
      for (const auto& range : *hours) {
        entry.allowed_hours->push_back(clock_text(range.begin) + "-" + clock_text(range.end));
      }
    }
    view.days.push_back(std::move(entry));
  }
  view.weekly_seconds = to_seconds(limits.weekly);
  for (const auto warning : limits.warnings) view.warnings_seconds.push_back(to_seconds(warning));
  view.action = std::string(core::to_string(limits.action));
  view.grace_seconds = to_seconds(limits.grace);
  view.count_idle = limits.count_idle;
  return view;
}

json limits_status(SystemControl& system, const SystemRequest& request, const Arguments&) {
  return to_json(status_of(system, request.target));
}

// The connection then hears of each change (ControlSession, through the Manager).
json limits_watch(SystemControl& system, const SystemRequest& request, const Arguments&) {
  return {{"limits", limit_standing(system, request.target)}};
}

// An administrator who names nobody sees every limited user; anyone else sees their own.
json limits_show(SystemControl& system, const SystemRequest& request, const Arguments&) {
  const auto& in_force = system.limits_in_force();
  protocol::LimitsShowReply reply;
  reply.file = in_force.file().string();
  reply.in_force = in_force.in_force();
  for (const auto& d : in_force.errors()) {
    reply.errors.push_back({d.file, d.line, d.column, d.message});
  }
  if (request.from_admin && !request.named) {
    for (const auto user : system.limited_users()) reply.users.push_back(limits_view(system, user));
  } else {
    reply.users.push_back(limits_view(system, request.target));
  }
  return to_json(reply);
}

json limits_grant(SystemControl& system, const SystemRequest& request, const Arguments& args) {
  const auto extra = *args.duration("extra");
  session_of(system, request.target);  // refused before anything changes
  system.grant(request.target, extra, request.peer, std::nullopt);
  system.tell_user(request.target, answer_notification(true, extra));
  return to_json(status_of(system, request.target));
}

// From `from` (default today) to `to` (default `from`, or today when that is later).
json limits_usage_report(SystemControl& system, const SystemRequest& request,
                         const Arguments& args) {
  session_of(system, request.target);  // refused for a user without limits
  const auto now = system.clock().now().wall;
  const core::LocalDate today =
      core::attributed_day(now, system.clock().utc_offset(now), core::DayStart{0});
  const auto from = args.date("from").value_or(today);
  const auto to = args.date("to").value_or(from > today ? from : today);
  protocol::check_report_range(from, to, protocol::kMaxReportDays);
  return to_json(limits_usage(system, request.target, from, to, args.text("by").value_or("day")));
}

// A login name or a uid: what a limits file's [user.NAME] may hold and a person may mean.
bool plausible_user(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  return name.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
             std::string::npos &&
         name.front() != '-';
}

// One key of one user in the limits file; the file's new limits in force at once. A result
// that would not read is refused with its errors, and nothing is written.
json limits_set(SystemControl& system, const SystemRequest&, const Arguments& args) {
  const auto user = *args.text("user");
  if (!plausible_user(user)) {
    throw ProtocolError(ErrorCode::bad_request, "args.user: expected a login name or a uid");
  }
  const auto key = *args.text("key");
  const auto errors =
      system.set_limit(user, key, adapters::toml_value_for(key, *args.text("value")));
  if (!errors.empty()) {
    std::string message = "the limits would not read, so nothing was changed:";
    for (const auto& error : errors) message += " " + error.to_string();
    throw ProtocolError(ErrorCode::refused, message);
  }
  protocol::LimitsShowReply reply;
  reply.file = system.limits_in_force().file().string();
  reply.in_force = system.limits_in_force().in_force();
  if (const auto uid = system.limited_user(user)) reply.users.push_back(limits_view(system, *uid));
  return to_json(reply);
}

// The asker's own request (or, for an administrator, anyone's): polkit asks for a parent's
// password on the asker's screen; the answer reaches the asker as a notification.
// Anyone but an administrator hears the same for another's request as for none at all.
json limits_approve(SystemControl& system, const SystemRequest& request, const Arguments& args) {
  const auto number = *args.text("request");
  if (!request.from_admin) {
    const auto id = request_number(number);
    const auto own = id ? system.records().request(*id) : std::nullopt;
    if (!own || own->user != request.peer) {
      throw ProtocolError(ErrorCode::permission_denied,
                          "\"limits.approve\" is for the user who asked");
    }
  }
  const auto asked = pending_request(system, number);
  system.approve_on_screen(asked);
  return to_json(request_view(system, asked));
}

// A grant (of the time asked for, or `extra`) or a denial; the request, answered.
json limits_answer(SystemControl& system, const SystemRequest& request, const Arguments& args) {
  const auto asked = pending_request(system, *args.text("request"));
  if (args.text("answer") == "deny") return to_json(deny_request(system, asked, request.peer));
  session_of(system, asked.user);  // refused before anything changes
  return to_json(grant_request(system, asked, args.duration("extra"), request.peer));
}

json limits_ask(SystemControl& system, const SystemRequest& request, const Arguments& args) {
  return to_json(ask_for_time(system, request.target, *args.duration("extra"),
                              args.text("reason").value_or("")));
}

// The last week's requests: an administrator who names nobody sees everyone's.
json limits_requests(SystemControl& system, const SystemRequest& request, const Arguments&) {
  const auto since = system.clock().now().wall - kRequestsShown;
  const bool everyone = request.from_admin && !request.named;
  protocol::RequestsReply reply;
  for (const auto& asked :
       system.records().requests(everyone ? std::nullopt : std::optional(request.target), since)) {
    reply.requests.push_back(request_view(system, asked));
  }
  return to_json(reply);
}

// Not limited: allowed, without a word. Limited: allowed while the time is not up, with what
// the login screen says either way.
json limits_login(SystemControl& system, const SystemRequest& request, const Arguments&) {
  protocol::LoginCheckReply reply;
  reply.uid = request.target;
  const auto* session = system.limited_session(request.target);
  if (session == nullptr || session->limits() == nullptr) return to_json(reply);
  const core::LimitStanding standing = session->limits()->standing();
  const auto& clock = system.clock();
  reply.limited = true;
  reply.allowed = !standing.over;
  if (standing.over) reply.reason = std::string(core::to_string(standing.binding));
  reply.left_seconds = to_seconds(standing.left);
  reply.message = login_message(standing, clock.now().wall,
                                [&clock](core::WallTime at) { return clock.utc_offset(at); });
  return to_json(reply);
}

constexpr std::array<SystemHandlerRow, 11> kHandlers = {{
    {"limits.answer", limits_answer},
    {"limits.set", limits_set},
    {"limits.usage", limits_usage_report},
    {"limits.approve", limits_approve},
    {"limits.ask", limits_ask},
    {"limits.requests", limits_requests},
    {"limits.login", limits_login},
    {"limits.status", limits_status},
    {"limits.watch", limits_watch, true},
    {"limits.show", limits_show},
    {"limits.grant", limits_grant},
}};

}  // namespace

std::span<const SystemHandlerRow> system_handler_table() { return kHandlers; }

json limit_standing(const SystemControl& system, core::UserId user) {
  const auto* session = system.limited_session(user);
  if (session == nullptr || session->limits() == nullptr) return nullptr;
  return to_json(status_of(system, user));
}

}  // namespace screentime::app
