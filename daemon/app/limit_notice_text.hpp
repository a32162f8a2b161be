#pragma once
// The words a limited user reads on their desktop when their limit policy speaks: the time
// left and what follows it, the time up and when the action comes, time again. In the daemon's
// language (gettext).

#include <optional>

#include "daemon/core/limit_policy.hpp"
#include "daemon/core/notifier.hpp"

namespace screentime::app {

// None for `enforce`: the action itself is what the user sees, and `reached` said it first.
std::optional<core::Notification> limit_notification(const core::LimitNotice& notice);

}  // namespace screentime::app
