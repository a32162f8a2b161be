#pragma once
// The parents' report of a limited user (limits.usage): per local day the time used, the
// allowance that weekday has now, the extra time granted, the time over both, and what the
// limit did (time up, actions); per hour on request. Loop thread only.

#include <string_view>

#include "daemon/app/system_control.hpp"
#include "daemon/protocol/limit_replies.hpp"

namespace screentime::app {

// `user` must be limited. Throws StoreError when the history cannot be read.
protocol::LimitsUsageReply limits_usage(SystemControl& system, core::UserId user,
                                        core::LocalDate from, core::LocalDate to,
                                        std::string_view by);

}  // namespace screentime::app
