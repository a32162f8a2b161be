#pragma once
// The process that puts one notification on another user's desktop for the system role:
//   screentimed --desktop-notice UID BUS-ADDRESS URGENCY CATEGORY SUMMARY BODY
// It is started as root (by DesktopNoticeLauncher) and first becomes the user for good
// (supplementary groups, group, user: real, effective and saved ids), so it reaches the
// user's session bus as any program of theirs does and can do nothing else as root. Then it
// sends one Notify and exits: 0 when the server took it, 1 when not (said on stderr), 64 on
// bad arguments. An alarm ends it when the bus never answers, so nobody waits on it.

#include <string>
#include <vector>

#include "daemon/core/interval.hpp"
#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

inline constexpr const char* kDesktopNoticeMode = "--desktop-notice";

// The arguments after the mode, in the order run_desktop_notice_helper reads them.
std::vector<std::string> desktop_notice_arguments(core::UserId user, const std::string& bus,
                                                  const core::Notification& notification);

// `arguments` are those after the mode.
int run_desktop_notice_helper(const std::vector<std::string>& arguments);

}  // namespace screentime::adapters
