#pragma once
// Asking for more time, and a parent's answer: a request is stored, the user who asked and
// every logged-in administrator hear of it, and the answer (a grant, in part or whole, or a
// no) is stored with it and reaches the user at once. Each step is stored before anyone hears
// of it, so a failing disk (StoreError) leaves nothing half done. Loop thread only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/app/system_control.hpp"
#include "daemon/protocol/limit_replies.hpp"

namespace screentime::app {

// How far back requests are listed, and a pending one holds back a new one.
inline constexpr std::chrono::days kRequestsShown{7};

protocol::RequestView request_view(SystemControl& system, const core::LimitRequest& request);

// A new request from `user`, who must be limited and have no request waiting (else
// ProtocolError refused).
protocol::RequestView ask_for_time(SystemControl& system, core::UserId user, core::Duration extra,
                                   const std::string& reason);

// A request's number as the protocol carries it: digits only (no sign, no space, nothing
// after), within std::int64_t; else nullopt.
std::optional<std::int64_t> request_number(std::string_view text);

// The pending request `id` (digits), or ProtocolError: bad_request when `id` is no request
// number, refused when there is no such request or it was answered already.
core::LimitRequest pending_request(SystemControl& system, const std::string& id);

// Grants `extra` (default: what was asked) for the pending request, from `by`.
protocol::RequestView grant_request(SystemControl& system, const core::LimitRequest& request,
                                    std::optional<core::Duration> extra, core::UserId by);
protocol::RequestView deny_request(SystemControl& system, const core::LimitRequest& request,
                                   core::UserId by);

}  // namespace screentime::app
