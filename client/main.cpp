// screentimectl: asks screentimed how the screen was used, and configures it.
// Exit status: 0 done, 1 the command failed (or a config check found errors), 2 bad usage,
// 3 screentimed is not running.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "client/commands.hpp"
#include "client/completion/command_tree.hpp"
#include "client/completion/completion_scripts.hpp"
#include "client/offline_views.hpp"
#include "client/output.hpp"
#include "client/pause_time.hpp"
#include "client/report/report_file.hpp"
#include "daemon/app/user_environment.hpp"
#include "daemon/i18n/cli_help.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/i18n/languages.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"
#include "daemon/protocol/limits.hpp"
#include "daemon/protocol/socket_path.hpp"

namespace {

// An environment variable's value, "" when unset. Read here, in main's file, and passed on.
std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

using namespace screentime::client;
using screentime::i18n::tr;

// The daemon's config and state folders, as it resolves them (XDG Base Directory rules).
UserFolders offline_folders() {
  screentime::app::EnvironmentVariables variables;
  variables.home = environment("HOME");
  variables.xdg_config_home = environment("XDG_CONFIG_HOME");
  variables.xdg_state_home = environment("XDG_STATE_HOME");
  const auto resolved = screentime::app::resolve_user_environment(variables, std::nullopt);
  return {resolved.config_home, resolved.state_home};
}

constexpr int kUsageError = 2;

// The allowed values of a protocol argument, for CLI11's IsMember.
template <std::size_t N>
std::vector<std::string> names(const std::array<std::string_view, N>& values) {
  return {values.begin(), values.end()};
}
constexpr int kNotRunning = 3;

// A local date as the protocol writes it, checked here so that a typo is a usage error (2).
const CLI::Validator IsoDate(
    [](std::string& text) {
      return screentime::protocol::parse_iso_date(text)
                 ? std::string()
                 : format_tr(tr("expected a date such as 2026-11-24, got \"{}\""), text);
    },
    "DATE");

// `pause DURATION` or `pause --until TIME`, checked here so that a typo is a usage error (2).
PauseOptions pause_arguments(const std::optional<std::string>& length, bool has_until,
                             const std::string& until) {
  PauseOptions options;
  if (has_until) {
    options.until = pause_until_argument(until, std::chrono::system_clock::now());
    if (!options.until) {
      throw CLI::ValidationError("--until",
                                 format_tr(tr("expected HH:MM or a date and time such as "
                                              "2026-11-24T14:00, got \"{}\""),
                                           until));
    }
  } else if (!length) {
    throw CLI::ValidationError("pause", tr("say how long (such as 1h) or --until HH:MM"));
  } else if (const auto parsed = screentime::protocol::parse_duration(*length);
             !parsed || *parsed <= screentime::protocol::Duration{0}) {
    throw CLI::ValidationError(
        "duration",
        format_tr(tr("expected a duration such as 1h, 30m or 1h30m, got \"{}\""), *length));
  } else {
    options.length = length;
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  screentime::i18n::init_i18n(environment("SCREENTIME_LOCALEDIR"));
  CLI::App cli{tr("screentimectl: screen time, from screentimed")};
  screentime::i18n::translate_cli(cli);
  cli.require_subcommand(1);
  std::string socket =
      screentime::protocol::default_control_socket_path(environment("XDG_RUNTIME_DIR"), getuid())
          .string();
  auto* socket_option = cli.add_option("--socket", socket, tr("screentimed's control socket"))
                            ->type_name("FILE")
                            ->capture_default_str();
  bool system_role = false;
  cli.add_flag("--system", system_role,
               tr("ask the system role (the limits a parent sets) instead of your own screentimed"))
      ->excludes(socket_option);
  std::string system_socket = screentime::protocol::kSystemSocket;
  cli.add_option("--system-socket", system_socket,
                 tr("the system role's control socket, for the limits and --system"))
      ->type_name("FILE")
      ->capture_default_str();
  ReadOptions read;
  const auto add_json = [&read](CLI::App* command) {
    command->add_flag("--json", read.json, tr("print JSON, one object per line"));
  };

  const std::vector<std::string> kBarFormats = {"waybar", "i3blocks", "polybar", "plain"};
  const char* kBarFormatsHelp =
      tr("one line for a status bar: waybar (JSON), i3blocks, polybar or plain");
  auto* status = cli.add_subcommand("status", tr("the current state and today's totals"));
  add_json(status);
  status->add_option("--format", read.format, kBarFormatsHelp)->check(CLI::IsMember(kBarFormats));
  auto* today = cli.add_subcommand("today", tr("how the screen was used today"));
  add_json(today);
  auto* week = cli.add_subcommand("week", tr("active time per day this week, Monday first"));
  add_json(week);
  std::optional<int> days;
  week->add_option("--days", days, tr("a rolling window of N days instead"))
      ->check(CLI::Range(1, screentime::protocol::kMaxReportDays));
  const auto add_csv = [&read](CLI::App* command) {
    command->add_flag("--csv", read.csv, tr("print CSV: a header line, then one line per row"))
        ->excludes(command->get_option("--json"));
  };
  add_csv(week);
  auto* month = cli.add_subcommand("month", tr("active time per day this month"));
  add_json(month);
  add_csv(month);
  DayRange range;
  const auto add_range = [&range](CLI::App* command, const char* days_help,
                                  int most = screentime::protocol::kMaxReportDays) {
    auto* from =
        command->add_option("--from", range.from, tr("the first day, YYYY-MM-DD"))->check(IsoDate);
    command->add_option("--to", range.to, tr("the last day, YYYY-MM-DD (default: today)"))
        ->check(IsoDate)
        ->needs(from);
    command->add_option("--days", range.days, days_help)
        ->check(CLI::Range(1, most))
        ->excludes(from);
  };
  auto* history = cli.add_subcommand("history", tr("active time per day over any days"));
  add_json(history);
  add_csv(history);
  add_range(history, tr("the last N days (default: 7)"));
  auto* hours =
      cli.add_subcommand("hours", tr("active time per hour of the day and weekday, as a map"));
  add_json(hours);
  add_csv(hours);
  add_range(hours, tr("the last N days (default: 28)"), screentime::protocol::kMaxHourReportDays);
  auto* watch = cli.add_subcommand("watch", tr("print each change of state as it happens"));
  add_json(watch);
  watch->add_option("--format", read.format, kBarFormatsHelp)->check(CLI::IsMember(kBarFormats));

  auto* config = cli.add_subcommand("config", tr("the daemon's configuration"));
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", tr("check the config file the daemon would load"));
  add_json(check);
  std::optional<std::string> check_file;
  check->add_option("file", check_file, tr("check this file instead"))->type_name("FILE");
  auto* get = config->add_subcommand("get", tr("the configuration in force"));
  add_json(get);

  auto* export_command = cli.add_subcommand("export", tr("every interval, for other tools"));
  ExportOptions export_options;
  bool export_json = false;
  auto* as_json = export_command->add_flag("--json", export_json, tr("as a JSON array"));
  auto* as_csv = export_command->add_flag("--csv", export_options.csv, tr("as CSV"));
  as_json->excludes(as_csv);
  export_command->add_option("--from", export_options.from, tr("first day, YYYY-MM-DD"));
  export_command->add_option("--to", export_options.to, tr("last day, YYYY-MM-DD"));

  auto* forget = cli.add_subcommand("forget", tr("delete history"));
  ForgetOptions forget_options;
  auto* before = forget->add_option("--before", forget_options.before,
                                    tr("delete what ended before this day, YYYY-MM-DD"));
  auto* all = forget->add_flag("--all", forget_options.all, tr("delete everything"));
  before->excludes(all);
  forget->add_flag("-y,--yes", forget_options.yes, tr("do not ask for confirmation"));

  auto* break_command = cli.add_subcommand("break", tr("answer the take-a-break reminder showing"));
  add_json(break_command);
  std::string answer;
  break_command->add_option("answer", answer, tr("take (start the break), snooze (later) or skip"))
      ->required()
      ->check(CLI::IsMember(names(screentime::protocol::kBreakAnswers)));
  auto* pause_command =
      cli.add_subcommand("pause", tr("hold take-a-break reminders back for a while"));
  add_json(pause_command);
  PauseOptions pause_options;
  std::string pause_until;
  auto* pause_for = pause_command->add_option("duration", pause_options.length,
                                              tr("how long, such as 1h, 30m or 1h30m"));
  auto* until = pause_command->add_option(
      "--until", pause_until, tr("until this time, HH:MM (the next one), or a date and time"));
  pause_for->excludes(until);
  auto* resume = cli.add_subcommand("resume", tr("show take-a-break reminders again"));
  add_json(resume);
  auto* breaks = cli.add_subcommand("breaks", tr("breaks taken, snoozed and skipped, per day"));
  add_json(breaks);
  std::optional<int> break_days;
  breaks->add_option("--days", break_days, tr("the last N days instead of today"))
      ->check(CLI::Range(1, screentime::protocol::kMaxBreakReportDays));

  auto* resources =
      cli.add_subcommand("resources", tr("wellbeing resources: where to find help and advice"));
  ResourcesOptions resources_options;
  resources_options.languages =
      screentime::i18n::preferred_languages({environment("LANGUAGE"), environment("LC_ALL"),
                                             environment("LC_MESSAGES"), environment("LANG")});
  resources->add_option("--category", resources_options.category, tr("only this category"))
      ->check(CLI::IsMember(names(screentime::protocol::kResourceCategories)));
  resources->add_flag("--json", resources_options.json, tr("print JSON"));

  auto* report = cli.add_subcommand(
      "report", tr("a picture of the week's or the month's use: PNG, SVG or PDF"));
  ReportOptions report_options;
  report_options.languages = resources_options.languages;
  bool report_week_flag = false;
  auto* report_week =
      report->add_flag("--week", report_week_flag, tr("the week, Monday to Sunday (the default)"));
  report->add_flag("--month", report_options.month, tr("the calendar month"))
      ->excludes(report_week);
  report->add_option("--date", report_options.date, tr("the period holding this day, YYYY-MM-DD"))
      ->check(IsoDate);
  report->add_flag("--previous", report_options.previous, tr("the period before that"));
  report
      ->add_option("--output", report_options.output,
                   tr("the file to write: .png, .svg or .pdf (default: "
                      "screentime-week-FIRST-DAY.png here)"))
      ->type_name("FILE")
      ->check([](const std::string& file) {
        return report_format(file) ? std::string()
                                   : format_tr(tr("expected a file name ending in .png, .svg "
                                                  "or .pdf, got \"{}\""),
                                               file);
      });
  report->add_option("--theme", report_options.theme, tr("light or dark"))
      ->check(CLI::IsMember({"light", "dark"}))
      ->capture_default_str();
  report->add_flag("--open", report_options.open, tr("open it in the desktop's viewer"));

  auto* limits = cli.add_subcommand("limits", tr("the limits a parent sets (the system role)"));
  limits->require_subcommand(1);
  std::optional<std::string> limits_user;
  auto* limits_status =
      limits->add_subcommand("status", tr("time used and left today, and the allowed hours"));
  add_json(limits_status);
  limits_status->add_option("user", limits_user, tr("a limited user (default: you)"))
      ->type_name("USER");
  auto* limits_show = limits->add_subcommand("show", tr("the limits in force, per weekday"));
  add_json(limits_show);
  limits_show
      ->add_option("user", limits_user,
                   tr("a limited user (default: you; for an administrator, everyone)"))
      ->type_name("USER");
  auto* limits_set = limits->add_subcommand(
      "set", tr("change one limit in the limits file, keeping the rest (administrators)"));
  add_json(limits_set);
  std::string set_user;
  std::string set_key;
  std::string set_value;
  limits_set->add_option("user", set_user, tr("a login name or uid"))
      ->type_name("USER")
      ->required();
  limits_set
      ->add_option("key", set_key,
                   tr("daily, weekly, allowed_hours, warnings, action, grace, "
                      "count_idle, or weekday.sat.daily and the like"))
      ->required()
      ->check(CLI::IsMember(names(screentime::protocol::kLimitKeys)));
  limits_set
      ->add_option("value", set_value,
                   tr("2h, logout, \"07:00-08:00, 15:00-20:30\", true; unset removes it"))
      ->required();
  auto* usage = cli.add_subcommand(
      "usage", tr("a limited user's time against the limit, per day (parents; the system role)"));
  LimitsUsageOptions usage_options;
  usage
      ->add_option("--user", usage_options.user,
                   tr("the limited user (default: you; administrators may name anyone)"))
      ->type_name("USER");
  bool usage_last_week = false;
  auto* usage_week = usage->add_flag("--week", usage_last_week, tr("the last 7 days"));
  auto* usage_days = usage->add_option("--days", usage_options.days, tr("the last N days"))
                         ->check(CLI::Range(1, screentime::protocol::kMaxReportDays));
  usage_week->excludes(usage_days);
  usage->add_flag("--hours", usage_options.by_hour, tr("and the active time per hour"));
  auto* usage_json = usage->add_flag("--json", usage_options.json, tr("as JSON"));
  auto* usage_csv = usage->add_flag("--csv", usage_options.csv, tr("as CSV"));
  usage_json->excludes(usage_csv);
  auto* grant = cli.add_subcommand(
      "grant", tr("more time today (administrators): answer a request, or give it to a user"));
  add_json(grant);
  std::string grant_target;
  std::optional<std::string> grant_extra;
  grant
      ->add_option("target", grant_target, tr("a request's number, or a limited user's login name"))
      ->required();
  grant->add_option("duration", grant_extra,
                    tr("how much more, such as 30m or 1h (for a request: default the time asked "
                       "for)"));
  auto* deny = cli.add_subcommand("deny", tr("say no to a request for more time (administrators)"));
  add_json(deny);
  std::string deny_request;
  deny->add_option("request", deny_request, tr("the request's number"))->required();
  auto* ask = cli.add_subcommand("ask", tr("ask a parent for more time today"));
  add_json(ask);
  std::string ask_extra;
  std::optional<std::string> ask_reason;
  ask->add_option("duration", ask_extra, tr("how much more, such as 30m or 1h"))->required();
  ask->add_option("reason", ask_reason, tr("why, in a few words"));
  auto* requests = cli.add_subcommand("requests", tr("requests for more time, the last 7 days"));
  add_json(requests);
  std::optional<std::string> requests_user;
  requests
      ->add_option("user", requests_user,
                   tr("a limited user (default: you; for an administrator, everyone)"))
      ->type_name("USER");

  auto* completion = cli.add_subcommand(
      "completion", tr("print the shell completion for bash, zsh or fish (json: the commands)"));
  std::string completion_shell;
  completion->add_option("shell", completion_shell, tr("bash, zsh, fish or json"))
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish", "json"}));

  try {
    cli.parse(argc, argv);
    // Colour only on a terminal, and never under NO_COLOR (no-color.org).
    read.colour = isatty(STDOUT_FILENO) == 1 && environment("NO_COLOR").empty();
    const bool grant_to_user =
        *grant && grant_target.find_first_not_of("0123456789") != std::string::npos;
    if (grant_to_user && !grant_extra) {
      throw CLI::ValidationError("duration", tr("say how much more for a user, such as 30m"));
    }
    for (const std::optional<std::string>& length :
         {*grant ? grant_extra : std::nullopt,
          *ask ? std::optional<std::string>(ask_extra) : std::nullopt}) {
      if (!length) continue;
      const auto parsed = screentime::protocol::parse_duration(*length);
      if (!parsed || *parsed <= screentime::protocol::Duration{0}) {
        throw CLI::ValidationError(
            "duration",
            format_tr(tr("expected a duration such as 1h, 30m or 1h30m, got \"{}\""), *length));
      }
    }
    if (*forget && !forget_options.before && !forget_options.all) {
      throw CLI::ValidationError("forget", tr("say --before DATE or --all"));
    }
    if (*pause_command)
      pause_options = pause_arguments(pause_options.length, until->count() > 0, pause_until);
  } catch (const CLI::ParseError& error) {
    const int status_code = cli.exit(error);
    return status_code == 0 ? 0 : kUsageError;
  }

  if (*completion) {
    auto tree = command_tree(cli);
    tree.name = "screentimectl";
    if (completion_shell == "bash") std::cout << bash_completion(tree);
    if (completion_shell == "zsh") std::cout << zsh_completion(tree);
    if (completion_shell == "fish") std::cout << fish_completion(tree);
    if (completion_shell == "json") std::cout << command_tree_json(tree);
    return 0;
  }

  // The limits are the system role's: asked there unless a socket was named.
  if (usage_last_week) usage_options.days = 7;
  const bool system_command = *limits || *grant || *deny || *ask || *requests || *usage;
  const bool ask_system = system_role || (system_command && socket_option->count() == 0);
  if (ask_system) socket = system_socket;
  // The views that only read history: with the daemon stopped, read from its file instead.
  const bool history_view =
      *today || *week || *month || *history || *hours || *export_command || *report;
  read.limits_socket = system_socket;
  report_options.system_socket = system_socket;
  report_options.environment = environ;
  const auto run_view = [&](ReadSource& source) {
    if (*today) return run_today(source, read, read.limits_socket);
    if (*week) return run_week(source, read, days);
    if (*month) return run_month(source, read);
    if (*history) return run_history(source, read, range);
    if (*hours) return run_hours(source, read, range);
    if (*report) return run_report(source, report_options);
    return run_export(source, export_options);
  };
  try {
    DaemonConnection daemon(socket);
    if (*limits_status || (ask_system && *status)) {
      return run_limits_status(daemon, read, limits_user);
    }
    if (*limits_show) return run_limits_show(daemon, read, limits_user);
    if (*limits_set) return run_limits_set(daemon, read, set_user, set_key, set_value);
    if (*grant) return run_grant(daemon, read, grant_target, grant_extra);
    if (*deny) return run_deny(daemon, read, deny_request);
    if (*usage) return run_limits_usage(daemon, usage_options);
    if (*ask) return run_ask(daemon, read, ask_extra, ask_reason);
    if (*requests) return run_requests(daemon, read, requests_user);
    if (*resources) return run_resources(daemon, resources_options);
    if (*status) return run_status(daemon, read, system_socket);
    if (history_view) return run_view(daemon);
    if (*watch)
      return read.format.empty() ? run_watch(daemon, read) : run_bar_watch(daemon, read.format);
    if (*check) return run_config_check(daemon, read, check_file);
    if (*get) return run_config_get(daemon, read);
    if (*forget) return run_forget(daemon, forget_options);
    if (*break_command) return run_break(daemon, read, answer);
    if (*pause_command) return run_pause(daemon, read, pause_options);
    if (*resume) return run_resume(daemon, read);
    if (*breaks) return run_breaks(daemon, read, break_days);
  } catch (const DaemonNotRunning& error) {
    if (history_view && !ask_system) {
      try {
        read.limits_socket.clear();  // "up to when it stopped": no standing now either
        report_options.system_socket.clear();
        return run_offline(offline_folders(), run_view);
      } catch (const std::exception& offline_error) {
        std::cerr << "screentimectl: " << offline_error.what() << "\n";
        return 1;
      }
    }
    std::cerr << "screentimectl: " << error.what() << "\n";
    return kNotRunning;
  } catch (const RequestFailed& error) {
    std::cerr << "screentimectl: " << error.what() << "\n";
    return error.code() == "unavailable" ? kNotRunning : 1;
  } catch (const std::exception& error) {
    std::cerr << "screentimectl: " << error.what() << "\n";
    return 1;
  }
  return kUsageError;
}
