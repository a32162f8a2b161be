#pragma once
// The process that puts one notification on another user's desktop for the system role:
//   screentimed --desktop-notice UID BUS URGENCY CATEGORY SUMMARY BODY [SOCKET (KEY LABEL LINE)...]
// It is started as root (by HelperLauncher) and first becomes the user for good
// (supplementary groups, group, user: real, effective and saved ids), so it reaches the
// user's session bus as any program of theirs does and can do nothing else as root. Then it
// sends one Notify. Without buttons it exits at once; with them it waits (at most 15 min) for
// the click or the close, and a click sends that button's request LINE to SOCKET, as the user,
// and closes the notification. Exit 0 when the server took it, 1 when not (said on stderr),
// 64 on bad arguments. An alarm ends it whatever the bus does, so nobody waits on it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/interval.hpp"
#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

inline constexpr const char* kDesktopNoticeMode = "--desktop-notice";

struct NoticeOrder {
  core::UserId user = 0;
  std::string bus;
  core::Notification notification;  // its summary, body, urgency and category
  core::AnsweringActions answers;
};

// The arguments after the mode, in the order parse_notice_order reads them.
std::vector<std::string> notice_arguments(const NoticeOrder& order);
std::optional<NoticeOrder> parse_notice_order(const std::vector<std::string>& arguments);

// `arguments` are those after the mode.
int run_desktop_notice_helper(const std::vector<std::string>& arguments);

}  // namespace screentime::adapters
