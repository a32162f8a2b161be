// screentimed: the screen-time daemon. main only reads the command line and wires the
// adapters to the core; see manager.hpp for what runs.

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/control/control_error.hpp"
#include "daemon/adapters/control/socket_path.hpp"
#include "daemon/adapters/notify/desktop_notice_helper.hpp"
#include "daemon/adapters/notify/run_as_helper.hpp"
#include "daemon/adapters/store/history_path.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "daemon/adapters/system/logging.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/adapters/system/user_account.hpp"
#include "daemon/app/config_lookup.hpp"
#include "daemon/app/manager.hpp"
#include "daemon/app/user_environment.hpp"
#include "daemon/i18n/cli_help.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/socket_path.hpp"

namespace {

// An environment variable's value, "" when unset. The environment is read here and nowhere
// below main: what it says is passed down.
std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

screentime::i18n::LocaleVariables locale_variables() {
  return {environment("LANGUAGE"), environment("LC_ALL"), environment("LC_MESSAGES"),
          environment("LANG")};
}

screentime::app::EnvironmentVariables environment_variables() {
  return {environment("HOME"),
          environment("XDG_CONFIG_HOME"),
          environment("XDG_DATA_HOME"),
          environment("XDG_STATE_HOME"),
          environment("XDG_RUNTIME_DIR"),
          environment("XDG_SESSION_ID"),
          environment("DISPLAY"),
          environment("WAYLAND_DISPLAY"),
          environment("SCREENTIME_RESOURCES_DIR"),
          locale_variables()};
}

// SCREENTIME_INPUT_SOURCE_GRACE_MS, for tests: how long a lost input idle source may take to
// come back; the built-in period when unset or not a positive whole number.
screentime::core::Duration input_source_grace() {
  const std::string text = environment("SCREENTIME_INPUT_SOURCE_GRACE_MS");
  if (text.empty()) return screentime::app::InputSourceKeeper::kGrace;
  char* end = nullptr;
  const long long ms = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || ms <= 0) return screentime::app::InputSourceKeeper::kGrace;
  return std::chrono::milliseconds{ms};
}

// The whole environment, for the programs the daemon starts for the user (the weekly report
// opens in the desktop's viewer, which needs the display and the session bus).
std::vector<std::string> environment_list() {
  std::vector<std::string> list;
  for (char** variable = environ; *variable != nullptr; ++variable) list.emplace_back(*variable);
  return list;
}

constexpr const char* kSystemdRun = "/usr/bin/systemd-run";

// screentimectl: beside this program, where it is installed, or in the build tree this
// program was built in; none when it is nowhere.
std::optional<std::filesystem::path> find_client() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  std::vector<std::filesystem::path> candidates;
  if (!error) candidates.push_back(self.parent_path() / "screentimectl");
  candidates.emplace_back(SCREENTIME_INSTALLED_CLIENT);
#ifdef SCREENTIME_BUILT_CLIENT
  candidates.emplace_back(SCREENTIME_BUILT_CLIENT);
#endif
  for (const auto& candidate : candidates) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// The weekly summary's button: last week's report, drawn into the socket's folder (private to
// the user, gone at logout) and opened. Under systemd it runs as a unit of its own, so that the
// viewer it opens is neither held to this service's sandbox nor stopped with it.
std::vector<std::string> open_report_command(const std::filesystem::path& socket,
                                             bool under_systemd) {
  const auto client = find_client();
  if (!client) return {};
  std::vector<std::string> command;
  if (under_systemd && ::access(kSystemdRun, X_OK) == 0) {
    command = {kSystemdRun, "--user", "--collect", "--quiet", "--"};
  }
  command.insert(command.end(),
                 {client->string(), "--socket", socket.string(), "report", "--previous", "--open",
                  "--output", (socket.parent_path() / "last-week.png").string()});
  return command;
}

struct CommandLine {
  std::optional<std::filesystem::path> config_file;
  std::optional<std::filesystem::path> database;
  std::optional<std::filesystem::path> socket;
  bool verbose = false;
  bool no_notifications = false;
  bool system = false;          // the system role: every limited user, as root
  bool if_not_running = false;  // another screentimed on the socket is no error (autostart)
  std::filesystem::path limits_file = "/etc/screentime/limits.toml";
  std::filesystem::path state_dir = "/var/lib/screentime";
  std::string user_bus = "unix:path=/run/user/%U/bus";
  std::filesystem::path system_socket = screentime::protocol::kSystemSocket;
};

// The system role keeps its history in its state folder and listens on the system socket; it
// reads no user's config (the limits file is its config).
void set_up_system_role(const CommandLine& command_line, screentime::app::ManagerSetup& setup) {
  if (geteuid() != 0) {
    spdlog::warn("the system role runs as root; as uid {} it cannot act on other users' sessions",
                 geteuid());
  }
  setup.database = command_line.database.value_or(command_line.state_dir / "history.db");
  setup.socket = command_line.socket.value_or(screentime::protocol::kSystemSocket);
  setup.system = screentime::app::SystemSetup{command_line.limits_file, command_line.state_dir,
                                              screentime::adapters::read_boot_id(),
                                              setup.socket.string(), command_line.user_bus};
}

int run(const CommandLine& command_line) {
  using namespace screentime;
  adapters::setup_logging(command_line.verbose, environment("JOURNAL_STREAM"));

  app::ManagerSetup setup;
  if (command_line.system) set_up_system_role(command_line, setup);
  setup.user.user = getuid();
  setup.user.environment =
      app::resolve_user_environment(environment_variables(), adapters::account_home(getuid()));
  const auto& user_environment = setup.user.environment;
  setup.config.file = app::find_config_file(command_line.config_file, user_environment.config_home);
  auto choice =
      app::load_config_or_keep(setup.config.file, core::Config{}, "the built-in defaults");
  setup.config.config = std::move(choice.config);
  setup.config.in_force =
      !setup.config.file ? "defaults" : (choice.loaded ? "file" : "defaults-after-error");
  setup.config.errors = std::move(choice.errors);
  setup.user.boot_id = adapters::read_boot_id();
  if (!setup.system) {
    setup.database = command_line.database ? *command_line.database
                     : setup.config.config.database.empty()
                         ? adapters::default_history_path(user_environment.state_home)
                         : std::filesystem::path(setup.config.config.database);
    setup.socket = command_line.socket.value_or(
        adapters::default_control_socket_path(user_environment.runtime_dir, getuid()));
    setup.system_socket = command_line.system_socket;
    setup.user.open_report =
        open_report_command(setup.socket, !environment("INVOCATION_ID").empty());
    setup.user.child_environment = environment_list();
  }
  setup.user.notifications = !command_line.no_notifications;
  setup.user.input_source_grace = input_source_grace();
  auto store = std::make_unique<adapters::SqliteStore>(setup.database);

  boost::asio::io_context io(1);
  adapters::SystemClock clock;
  const auto database = setup.database;
  const auto socket = setup.socket;
  core::LimitRecords* limit_records = store.get();  // the same file keeps both
  app::Manager manager(io, clock, std::move(store), std::move(setup), limit_records);
  manager.start();
  spdlog::info("screentimed {} started {}: history in \"{}\", control socket \"{}\"",
               SCREENTIME_VERSION,
               command_line.system ? std::string("in the system role")
                                   : "for uid " + std::to_string(getuid()),
               database.string(), socket.string());
  io.run();
  spdlog::info("screentimed stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using screentime::i18n::tr;
  // The system role's helpers: other processes of this program (see desktop_notice_helper.hpp
  // and run_as_helper.hpp), which read nothing but their arguments.
  if (argc > 1 && std::string_view(argv[1]) == screentime::adapters::kDesktopNoticeMode) {
    return screentime::adapters::run_desktop_notice_helper(
        std::vector<std::string>(argv + 2, argv + argc));
  }
  if (argc > 1 && std::string_view(argv[1]) == screentime::adapters::kRunAsMode) {
    return screentime::adapters::run_as_helper(std::vector<std::string>(argv + 2, argv + argc));
  }
  // First: the help text and the reminders are in the user's language (the log stays English).
  screentime::i18n::init_i18n(environment("SCREENTIME_LOCALEDIR"));
  CLI::App cli{tr("screentimed: knows when the screen is in use and keeps the history")};
  screentime::i18n::translate_cli(cli);
  CommandLine command_line;
  cli.add_option("-c,--config", command_line.config_file,
                 fmt::format(fmt::runtime(tr("config file (default: "
                                             "$XDG_CONFIG_HOME/screentime/config.toml, then {})")),
                             screentime::app::kSystemConfigFile));
  cli.add_option("--database", command_line.database,
                 tr("history database (default: [history] database, else "
                    "$XDG_STATE_HOME/screentime/history.db)"));
  cli.add_option("--socket", command_line.socket,
                 tr("control socket (default: $XDG_RUNTIME_DIR/screentime/control.sock)"));
  cli.add_flag("-v,--verbose", command_line.verbose, tr("log transitions and deadlines too"));
  cli.add_flag("--system", command_line.system,
               tr("the system role: enforce the limits file for every limited user (as root)"));
  cli.add_option("--limits", command_line.limits_file,
                 tr("limits file of the system role (default: /etc/screentime/limits.toml)"));
  cli.add_option("--state-dir", command_line.state_dir,
                 tr("state folder of the system role (default: /var/lib/screentime)"));
  cli.add_option("--user-bus", command_line.user_bus,
                 tr("a limited user's session bus in the system role, %U for the uid (default: "
                    "unix:path=/run/user/%U/bus)"));
  cli.add_option("--system-socket", command_line.system_socket,
                 tr("the system role's socket, where a parent's limits for you are followed "
                    "(default: /run/screentime/system.sock; \"\" for none)"));
  cli.add_flag("--if-not-running", command_line.if_not_running,
               tr("exit at once, and with success, when another screentimed already serves the "
                  "control socket (for the desktop's autostart)"));
  cli.add_flag("--no-notifications", command_line.no_notifications,
               tr("write take-a-break reminders to the log instead of the desktop"));
  cli.set_version_flag("--version", SCREENTIME_VERSION,
                       tr("Display program version information and exit"));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version exit 0; anything else is bad usage, exit 2 as screentimectl does.
    return cli.exit(error) == 0 ? 0 : 2;
  }
  try {
    return run(command_line);
  } catch (const screentime::adapters::AlreadyRunningError& error) {
    if (!command_line.if_not_running) {
      spdlog::critical("cannot run: {}", error.what());
      return 1;
    }
    spdlog::info("{}: nothing to do", error.what());
    return 0;
  } catch (const std::exception& error) {
    spdlog::critical("cannot run: {}", error.what());
    return 1;
  }
}
