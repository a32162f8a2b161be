#pragma once
// One function per screentimectl subcommand. Each prints its result and returns the exit
// status; DaemonNotRunning and RequestFailed propagate to main, which reports them once.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/daemon_connection.hpp"

namespace screentime::client {

struct ReadOptions {
  bool json = false;
  std::string format;   // status and watch: "waybar", "i3blocks", "polybar", "plain"
  bool csv = false;     // the usage views: RFC 4180
  bool colour = false;  // on a terminal, and NO_COLOR unset
  // The system role's socket, where week, month and history ask for the user's limits per
  // day ("": not asked, as with the daemon stopped).
  std::string limits_socket;
};

// The user's standing against a parent's limits comes with the daemon's status; a daemon that
// does not follow the system role leaves it null, and then it is asked on `system_socket`
// ("": not asked).
int run_status(DaemonConnection& daemon, const ReadOptions& options,
               const std::string& system_socket = "");
int run_today(ReadSource& source, const ReadOptions& options,
              const std::string& system_socket = "");
// The current week from Monday, or the last `days` days when given.
int run_week(ReadSource& source, const ReadOptions& options, std::optional<int> days);
// A range of local days: from..to (ISO dates), or the last `days` days; `from` alone runs
// to today.
struct DayRange {
  std::optional<std::string> from, to;
  std::optional<int> days;
};
// The current month, day by day.
int run_month(ReadSource& source, const ReadOptions& options);
int run_history(ReadSource& source, const ReadOptions& options, const DayRange& range);
// Active time per hour of the day and weekday; by default over the last 4 weeks.
int run_hours(ReadSource& source, const ReadOptions& options, const DayRange& range);
// What of the daemon's config the views show: the daily goal, when it is on, and the shortest
// enabled break, which a pause must last to end a stretch of use.
struct ViewConfig {
  std::optional<std::int64_t> goal_seconds;
  std::int64_t shortest_break_seconds = 20;
};
ViewConfig view_config(ReadSource& source);
int run_watch(DaemonConnection& daemon, const ReadOptions& options);
// One line for a status bar in `format`, from `status`; a line per change, from the stream.
int run_bar_status(DaemonConnection& daemon, const nlohmann::json& status,
                   const std::string& format);
int run_bar_watch(DaemonConnection& daemon, const std::string& format);
int run_config_check(DaemonConnection& daemon, const ReadOptions& options,
                     const std::optional<std::string>& file);
int run_config_get(DaemonConnection& daemon, const ReadOptions& options);

struct ExportOptions {
  bool csv = false;
  std::optional<std::string> from, to;
};
int run_export(ReadSource& source, const ExportOptions& options);

struct ForgetOptions {
  std::optional<std::string> before;
  bool all = false;
  bool yes = false;
};
int run_forget(DaemonConnection& daemon, const ForgetOptions& options);

// The take-a-break reminders. `answer`: "take", "snooze" or "skip".
int run_break(DaemonConnection& daemon, const ReadOptions& options, const std::string& answer);
// Exactly one of length ("1h") and until (ISO 8601 with offset, see pause_time.hpp).
struct PauseOptions {
  std::optional<std::string> length, until;
};
int run_pause(DaemonConnection& daemon, const ReadOptions& options, const PauseOptions& pause);
int run_resume(DaemonConnection& daemon, const ReadOptions& options);
// Today, or the last `days` days, then the reminders' state now.
int run_breaks(DaemonConnection& daemon, const ReadOptions& options, std::optional<int> days);

// The wellbeing resource catalog, in the user's languages, from the daemon's catalogs.
struct ResourcesOptions {
  std::optional<std::string> category;
  bool json = false;
  std::vector<std::string> languages;  // the user's, most wanted first
};
int run_resources(DaemonConnection& daemon, const ResourcesOptions& options);

// A picture of the week's or the month's use. The period holds `date` (default today), or is
// the one before it with `previous`; `output` is a .png, .svg or .pdf file (default
// screentime-week-FIRST-DAY.png here). Prints the file written.
struct ReportOptions {
  bool month = false;
  std::optional<std::string> date;
  bool previous = false;
  std::optional<std::string> output;
  std::string theme = "light";
  bool open = false;
  std::vector<std::string> languages;  // the user's, for the week's resource
  std::string system_socket;           // asked for the limits, when it limits the user
  char** environment = nullptr;        // for the drawing program and the viewer (main's)
};
int run_report(ReadSource& source, const ReportOptions& options);

// The system role's limits. `user`: a login name or uid; none: oneself (for an administrator,
// limits show then lists every limited user).
int run_limits_status(DaemonConnection& system, const ReadOptions& options,
                      const std::optional<std::string>& user);
int run_limits_show(DaemonConnection& system, const ReadOptions& options,
                    const std::optional<std::string>& user);
// `target`: a request's number (digits) or a limited user's name; `extra` is required for a
// user and optional for a request (default: the time asked for).
int run_grant(DaemonConnection& system, const ReadOptions& options, const std::string& target,
              const std::optional<std::string>& extra);
int run_limits_set(DaemonConnection& system, const ReadOptions& options, const std::string& user,
                   const std::string& key, const std::string& value);
int run_deny(DaemonConnection& system, const ReadOptions& options, const std::string& request);
int run_ask(DaemonConnection& system, const ReadOptions& options, const std::string& extra,
            const std::optional<std::string>& reason);
int run_requests(DaemonConnection& system, const ReadOptions& options,
                 const std::optional<std::string>& user);
// The parents' report: `days` days up to today (1: today), per day, or per hour with `by_hour`.
struct LimitsUsageOptions {
  std::optional<std::string> user;
  int days = 1;
  bool by_hour = false;
  bool json = false;
  bool csv = false;
};
int run_limits_usage(DaemonConnection& system, const LimitsUsageOptions& options);
// The rows `status` adds for a user the system role limits: time left, allowed hours.
std::vector<std::pair<std::string, std::string>> limit_rows(const nlohmann::json& standing);

}  // namespace screentime::client
