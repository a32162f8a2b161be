// screentimed: the screen-time daemon. main only reads the command line and wires the
// adapters to the core; see manager.hpp for what runs.

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <string>

#include "daemon/adapters/control/socket_path.hpp"
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

struct CommandLine {
  std::optional<std::filesystem::path> config_file;
  std::optional<std::filesystem::path> database;
  std::optional<std::filesystem::path> socket;
  bool verbose = false;
  bool no_notifications = false;
};

int run(const CommandLine& command_line) {
  using namespace screentime;
  adapters::setup_logging(command_line.verbose, environment("JOURNAL_STREAM"));

  app::ManagerSetup setup;
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
  setup.database = command_line.database ? *command_line.database
                   : setup.config.config.database.empty()
                       ? adapters::default_history_path(user_environment.state_home)
                       : std::filesystem::path(setup.config.config.database);
  setup.socket = command_line.socket.value_or(
      adapters::default_control_socket_path(user_environment.runtime_dir, getuid()));
  setup.user.notifications = !command_line.no_notifications;
  setup.user.input_source_grace = input_source_grace();
  auto store = std::make_unique<adapters::SqliteStore>(setup.database);

  boost::asio::io_context io(1);
  adapters::SystemClock clock;
  const auto database = setup.database;
  const auto socket = setup.socket;
  app::Manager manager(io, clock, std::move(store), std::move(setup));
  manager.start();
  spdlog::info("screentimed {} started for uid {}: history in \"{}\", control socket \"{}\"",
               SCREENTIME_VERSION, getuid(), database.string(), socket.string());
  io.run();
  spdlog::info("screentimed stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using screentime::i18n::tr;
  // First: the help text and the reminders are in the user's language (the log stays English).
  screentime::i18n::init_i18n(environment("SCREENTIME_LOCALEDIR"));
  CLI::App cli{tr("screentimed: knows when the screen is in use and keeps the history")};
  screentime::i18n::translate_cli(cli);
  CommandLine command_line;
  cli.add_option("-c,--config", command_line.config_file,
                 tr("config file (default: $XDG_CONFIG_HOME/screentime/config.toml, then "
                    "/etc/xdg/screentime/config.toml)"));
  cli.add_option("--database", command_line.database,
                 tr("history database (default: [history] database, else "
                    "$XDG_STATE_HOME/screentime/history.db)"));
  cli.add_option("--socket", command_line.socket,
                 tr("control socket (default: $XDG_RUNTIME_DIR/screentime/control.sock)"));
  cli.add_flag("-v,--verbose", command_line.verbose, tr("log transitions and deadlines too"));
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
  } catch (const std::exception& error) {
    spdlog::critical("cannot run: {}", error.what());
    return 1;
  }
}
