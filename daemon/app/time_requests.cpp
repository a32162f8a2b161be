#include "daemon/app/time_requests.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>

#include "daemon/app/limit_notice_text.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using protocol::ErrorCode;
using protocol::ProtocolError;

protocol::OffsetDateTime moment(const core::Clock& clock, core::WallTime at) {
  return {at, clock.utc_offset(at)};
}

}  // namespace

protocol::RequestView request_view(SystemControl& system, const core::LimitRequest& request) {
  protocol::RequestView view;
  view.id = request.id;
  view.uid = request.user;
  view.name = system.user_name(request.user);
  view.asked_at = {request.asked_at, request.offset};
  view.extra_seconds = core::to_seconds(request.extra);
  view.reason = request.reason;
  view.state = std::string(core::to_string(request.state));
  if (request.answered_at) view.answered_at = moment(system.clock(), *request.answered_at);
  view.answered_by = request.answered_by;
  view.granted_seconds = core::to_seconds(request.granted);
  return view;
}

protocol::RequestView ask_for_time(SystemControl& system, core::UserId user, core::Duration extra,
                                   const std::string& reason) {
  if (system.limited_session(user) == nullptr) {
    throw ProtocolError(ErrorCode::refused, "uid " + std::to_string(user) +
                                                " has no limits: there is no time to ask for");
  }
  // One question at a time: asking again before an answer would only repeat the question on
  // every parent's screen, and each one keeps a helper waiting for the click.
  const auto now = system.clock().now().wall;
  for (const auto& earlier : system.records().requests(user, now - kRequestsShown)) {
    if (earlier.state == core::RequestState::pending) {
      throw ProtocolError(ErrorCode::refused, "request " + std::to_string(earlier.id) +
                                                  " is still waiting for an answer");
    }
  }
  core::LimitRequest request;
  request.user = user;
  request.asked_at = now;
  request.offset = system.clock().utc_offset(request.asked_at);
  request.extra = extra;
  request.reason = reason;
  request.id = system.records().add_request(request);
  spdlog::info("uid {} asks for {} more (request {})", user, protocol::format_duration(extra),
               request.id);
  system.tell_user(user, asked_notification(extra),
                   approve_here_actions(system.control_socket(), request.id));
  system.tell_admins(request_notification(system.user_name(user), extra, reason, request.id),
                     request_answers(system.control_socket(), request.id, extra));
  system.tell_absent_parents(request);
  return request_view(system, request);
}

std::optional<std::int64_t> request_number(std::string_view text) {
  // from_chars reads a minus sign into a signed type; a request number has none.
  if (text.empty() || text.front() == '-') return std::nullopt;
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return number;
}

core::LimitRequest pending_request(SystemControl& system, const std::string& id) {
  const auto number = request_number(id);
  if (!number) {
    throw ProtocolError(ErrorCode::bad_request, "args.request: expected a request number");
  }
  const auto request = system.records().request(*number);
  if (!request) throw ProtocolError(ErrorCode::refused, "no request " + id);
  if (request->state != core::RequestState::pending) {
    throw ProtocolError(
        ErrorCode::refused,
        "request " + id + " was " + std::string(core::to_string(request->state)) + " already");
  }
  return *request;
}

protocol::RequestView grant_request(SystemControl& system, const core::LimitRequest& request,
                                    std::optional<core::Duration> extra, core::UserId by) {
  const core::Duration granted = extra.value_or(request.extra);
  const auto now = system.clock().now().wall;
  if (!system.records().answer_request(request.id, core::RequestState::granted, now, by, granted)) {
    throw ProtocolError(ErrorCode::refused,
                        "request " + std::to_string(request.id) + " was answered already");
  }
  system.grant(request.user, granted, by, request.id);
  system.tell_user(request.user, answer_notification(true, granted));
  auto answered = request;
  answered.state = core::RequestState::granted;
  answered.answered_at = now;
  answered.answered_by = by;
  answered.granted = granted;
  return request_view(system, answered);
}

protocol::RequestView deny_request(SystemControl& system, const core::LimitRequest& request,
                                   core::UserId by) {
  const auto now = system.clock().now().wall;
  if (!system.records().answer_request(request.id, core::RequestState::denied, now, by,
                                       core::Duration::zero())) {
    throw ProtocolError(ErrorCode::refused,
                        "request " + std::to_string(request.id) + " was answered already");
  }
  spdlog::info("request {} of uid {} denied by uid {}", request.id, request.user, by);
  system.tell_user(request.user, answer_notification(false, request.extra));
  auto answered = request;
  answered.state = core::RequestState::denied;
  answered.answered_at = now;
  answered.answered_by = by;
  return request_view(system, answered);
}

}  // namespace screentime::app
