#pragma once
// Manager: the one owner of the process. It owns the loop's event sources (the one deadline
// timer on CLOCK_BOOTTIME, signals, the config, clock and zone watches), the history store,
// the control socket, and one UserRuntime per user it accounts: the user role is a manager
// with one. Users' runtimes reach it through the small RuntimeHost interface. Everything
// runs on the one thread that runs the io_context; it sleeps until an event arrives or the
// single earliest deadline of every part comes due. The control commands see it through
// UserControl, for the user role's one user.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "daemon/adapters/control/limits_feed.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/notify/helper_launcher.hpp"
#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/adapters/system/file_watch.hpp"
#include "daemon/adapters/system/wall_clock_watch.hpp"
#include "daemon/app/config_state.hpp"
#include "daemon/app/control_commands.hpp"
#include "daemon/app/control_session.hpp"
#include "daemon/app/runtime_host.hpp"
#include "daemon/app/standing_broadcast.hpp"
#include "daemon/app/system_role.hpp"
#include "daemon/app/user_control.hpp"
#include "daemon/app/user_runtime.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/limit_records.hpp"

namespace screentime::app {

struct ManagerSetup {
  ConfigState config;
  std::filesystem::path database;
  std::filesystem::path socket;
  UserSetup user;  // the user role's one user
  // The user role: the system role's socket, where the user's limits are followed; empty: none.
  std::filesystem::path system_socket;
  std::optional<SystemSetup> system;  // the system role: every limited user instead
};

class Manager final : public UserControl, private RuntimeHost {
 public:
  // `limit_records`: where the system role keeps grants and requests (the same store, as a
  // rule); needed only in the system role.
  Manager(boost::asio::io_context& io, const core::Clock& clock,
          std::unique_ptr<core::HistoryStore> store, ManagerSetup setup,
          core::LimitRecords* limit_records = nullptr);

  // Listens on the control socket (throws when it cannot: another daemon runs), starts every
  // user's runtime and arms the first deadline; then runs the loop until every user's
  // activity sources have answered (each is given up on at its own deadline), so that the
  // control socket answers meanwhile, and tells systemd it is ready. Call before the loop runs.
  void start();

  // UserControl, for the control commands: the user role's one user.
  core::UserId user() const override { return user_runtime().user(); }
  const core::Clock& clock() const override { return clock_; }
  core::ActivityState activity_state() const override;
  std::optional<core::Interval> open_interval() const override;
  UsageReport report() const override { return user_runtime().report(); }
  StatusParts status_parts() const override;
  protocol::BreakState break_state() const override;
  core::AnswerResult answer_break(core::BreakAnswer answer) override;
  void pause_reminders(std::optional<core::WallTime> until) override;
  std::vector<core::BreakEvent> break_events(core::WallTime from, core::WallTime to) override;
  const ConfigState& config_state() const override { return setup_.config; }
  // Re-reads the config file; false (and the current config stays) when it has errors.
  bool reload_config() override;
  void forget_before(core::WallTime cutoff) override { forget_before(user(), cutoff); }
  std::optional<std::filesystem::path> resource_catalog(
      const std::vector<std::string>& languages) const override;

  void forget_before(core::UserId user, core::WallTime cutoff);

 private:
  // RuntimeHost
  void rearm() override;
  void flush() override;
  void state_changed(core::UserId user) override;
  void breaks_settled(core::UserId user, bool news) override;

  // The user role's one user; in the system role the commands that need one are refused.
  UserRuntime& user_runtime();
  const UserRuntime& user_runtime() const;
  void wait_for_sources();
  void watch_files();
  // The watch saw the config file change: reload now, or once an empty or missing file has
  // stayed so for kConfigSettle (an editor's save in progress must not put defaults in force).
  void config_file_changed();
  void wait_for_signal();
  void on_signal(int signal);
  void on_deadline();
  void on_clock_or_zone_change();
  void stop();
  void finish_stop_when_written();
  bool purge_if_due();

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  std::unique_ptr<core::HistoryStore> store_;
  ManagerSetup setup_;
  adapters::DeadlineTimer timer_;
  boost::asio::signal_set signals_;
  ControlCommands commands_;
  ControlSession control_;
  adapters::SharedBus system_bus_;  // the one system bus connection, before the users on it
  std::map<core::UserId, std::unique_ptr<UserRuntime>> users_;
  // The system role's way to users' screens and to a parent's command.
  std::unique_ptr<adapters::HelperLauncher> helpers_;
  std::unique_ptr<SystemRole> system_;            // the system role's limited users instead
  std::unique_ptr<StandingBroadcast> standings_;  // the system role: to those who watch them
  // The user role: the user's standing as the system role pushes it, and when it last came.
  std::unique_ptr<adapters::LimitsFeed> limits_feed_;
  core::BootTime standing_at_{};
  // The take-a-break state's shape as last pushed to subscribers; null: none pushed.
  nlohmann::json breaks_shape_;
  std::optional<adapters::WallClockWatch> wall_clock_watch_;
  std::optional<adapters::FileWatch> zone_watch_;
  std::optional<adapters::FileWatch> config_watch_;
  std::optional<core::BootTime> store_retry_;    // set while writes fail: when to try again
  std::optional<core::BootTime> config_settle_;  // when an empty or missing config is taken
  static constexpr core::Duration kConfigSettle = std::chrono::seconds{1};
  std::string store_error_said_;
  std::string damage_said_;  // the store's damage() as last logged
  void say_damage();         // the write failure the log has said, "" while writing works
  std::optional<core::BootTime> last_purge_;
  std::optional<core::BootTime> stop_by_;  // stopping: exit once written, or at this moment
  bool started_ = false;
};

}  // namespace screentime::app
