#pragma once
// Limits: what a parent allows one user (the system role's limits file, resolved per weekday),
// and what the file says for the whole machine. Plain data, the same for the loader that reads
// /etc/screentime/limits.toml, the policy that applies it and the commands that show it.

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/time.hpp"

namespace screentime::core {

// What happens when a user's time is up, after the grace period.
enum class LimitAction { notify, lock, logout, suspend };

std::string_view to_string(LimitAction action);
std::optional<LimitAction> parse_limit_action(std::string_view text);

// A span of local time on one day, to the minute: [begin, end). `end` after midnight (an
// `end` not after `begin`, "20:00-01:00") runs into the next day; "00:00-24:00" is the whole
// day.
struct TimeOfDayRange {
  std::chrono::minutes begin{0};
  std::chrono::minutes end{24 * 60};

  friend bool operator==(const TimeOfDayRange&, const TimeOfDayRange&) = default;
};

// Monday first, as ISO 8601 counts (std::chrono::weekday's iso_encoding() - 1).
inline constexpr std::size_t kDaysInWeek = 7;

struct DayLimits {
  std::optional<Duration> daily;  // none: no daily allowance
  // none: any hour; empty: no hour at all (the day is off)
  std::optional<std::vector<TimeOfDayRange>> allowed_hours;

  friend bool operator==(const DayLimits&, const DayLimits&) = default;
};

struct UserLimits {
  std::array<DayLimits, kDaysInWeek> days;  // monday..sunday, each with its overrides applied
  std::optional<Duration> weekly;           // none: no weekly allowance
  // How long before the end a warning is shown, longest first.
  std::vector<Duration> warnings = {std::chrono::minutes{15}, std::chrono::minutes{5},
                                    std::chrono::minutes{1}};
  LimitAction action = LimitAction::lock;
  Duration grace = std::chrono::minutes{1};  // from the end to the action
  bool count_idle = false;                   // idle time (logind's IdleHint) counts too

  friend bool operator==(const UserLimits&, const UserLimits&) = default;
};

// The whole file: limited users by the key the file gives them (a login name, or a uid as
// digits), resolved to uids by the daemon, which can ask the system.
struct LimitsFile {
  std::map<std::string, UserLimits, std::less<>> users;
  // Which logind sessions count: their Class/Type as logind says ("x11", "wayland", "tty",
  // "mir"), and whether remote ones do.
  std::vector<std::string> session_types = {"x11", "wayland", "mir", "tty"};
  bool count_remote = false;
  std::string admin_group = "screentime-admin";
  // Run when a user asks for more time, to tell a parent who is not at a screen (a message to
  // a phone): the program (an absolute path) and its first arguments; the request's number,
  // user, time and reason follow. Empty: none.
  std::vector<std::string> request_command;
  std::string request_command_user = "nobody";  // whom it runs as

  friend bool operator==(const LimitsFile&, const LimitsFile&) = default;
};

}  // namespace screentime::core
