#pragma once
// The words a limited user reads on their desktop when their limit policy speaks: the time
// left and what follows it, the time up and when the action comes, time again. In the daemon's
// language (gettext).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "daemon/core/limit_policy.hpp"
#include "daemon/core/notifier.hpp"

namespace screentime::app {

// None for `enforce`: the action itself is what the user sees, and `reached` said it first.
std::optional<core::Notification> limit_notification(const core::LimitNotice& notice);

// Asking for more time: what the user who asked sees, what each administrator sees (with the
// commands that answer), and the answer as the user hears it.
core::Notification asked_notification(core::Duration extra);
core::Notification request_notification(const std::string& name, core::Duration extra,
                                        const std::string& reason, std::int64_t id);
core::Notification answer_notification(bool granted, core::Duration extra);
// The asker's own notification when no parent's password was given on their screen.
core::Notification not_approved_notification();
// The "A parent approves here" button of the asker's notification: a click asks polkit for a
// parent's password on the asker's screen (limits.approve, sent as the asker).
core::AnsweringActions approve_here_actions(const std::string& socket, std::int64_t id);
// The Grant and Deny buttons of an administrator's request notification, answering request
// `id` on `socket` as the administrator who clicks.
core::AnsweringActions request_answers(const std::string& socket, std::int64_t id,
                                       core::Duration extra);

// What the login screen tells a limited user (pam_screentime): why a login is refused now, or
// the time left; "" when no limit ends the time. `offset` places "from 15:00" in local time.
std::string login_message(const core::LimitStanding& standing, core::WallTime now,
                          const std::function<core::UtcOffset(core::WallTime)>& offset);

}  // namespace screentime::app
