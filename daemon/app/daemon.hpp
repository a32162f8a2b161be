#pragma once
// Daemon: owns the loop's event sources and wires them to the user's core::UserSession (the
// user role: one user). The adapters tell the session what they see and call settle(); the
// daemon then acts on what the session decided: stores it, shows the reminder, tells
// subscribers, re-arms. Everything runs on the one thread that runs the io_context; it sleeps
// until an event arrives (a signal, a bus message, a client, a clock or file change) or the
// single deadline the parts compute comes due, armed on one CLOCK_BOOTTIME timerfd.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <memory>
#include <optional>

#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/adapters/system/file_watch.hpp"
#include "daemon/adapters/system/wall_clock_watch.hpp"
#include "daemon/app/activity_sources.hpp"
#include "daemon/app/break_reminders.hpp"
#include "daemon/app/config_state.hpp"
#include "daemon/app/control_commands.hpp"
#include "daemon/app/control_session.hpp"
#include "daemon/app/input_activity.hpp"
#include "daemon/app/session_activity.hpp"
#include "daemon/app/store_usage_history.hpp"
#include "daemon/app/usage_report.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/input_source_order.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

struct DaemonSetup {
  ConfigState config;
  core::UserId user = 0;
  std::string boot_id;
  std::filesystem::path database;
  std::filesystem::path socket;
  bool notifications = true;       // false: reminders go to the log only
  core::GraphicalSession session;  // the displays it was given
};

class Daemon {
 public:
  Daemon(boost::asio::io_context& io, const core::Clock& clock,
         std::unique_ptr<core::HistoryStore> store, DaemonSetup setup);

  // Closes what the last run left, listens on the control socket, finds the activity source
  // and arms the first deadline; then tells systemd it is ready. Throws when it cannot listen.
  void start();

  // For the control commands and the activity sources.
  const core::Clock& clock() const { return clock_; }
  core::UserSession& session() { return session_; }
  const core::UserSession& session() const { return session_; }
  core::HistoryStore& store() { return *store_; }
  UsageReport report() const;
  const ConfigState& config_state() const { return setup_.config; }
  core::UserId user() const { return setup_.user; }
  const std::filesystem::path& database() const { return setup_.database; }
  std::string activity_source() const;
  const ActivitySources& sources() const { return sources_; }
  // Re-reads the config file; false (and the current config stays) when it has errors.
  bool reload_config();
  void forget_before(core::WallTime cutoff);
  // After anything told the session something: store, show and tell what it decided.
  void settle();
  void flush_now();
  void input_source_lost();
  void input_source_back();
  BreakReminders& reminders() { return reminders_; }
  const BreakReminders& reminders() const { return reminders_; }
  // Arms the timer to the earliest deadline of every part.
  void rearm();

 private:
  void start_activity_source();
  void watch_files();
  void wait_for_signal();
  void on_signal(int signal);
  void on_deadline();
  void on_clock_or_zone_change();
  void stop();
  void finish_stop_when_written();
  void store_decisions(core::SessionOutput& output);
  void flush();
  bool purge_if_due();

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  std::unique_ptr<core::HistoryStore> store_;
  DaemonSetup setup_;
  StoreUsageHistory history_;
  core::UserSession session_;
  adapters::DeadlineTimer timer_;
  boost::asio::signal_set signals_;
  ControlCommands commands_;
  ControlSession control_;
  SessionActivity session_activity_;
  InputActivity input_activity_;
  ActivitySources sources_;
  BreakReminders reminders_;
  std::optional<adapters::WallClockWatch> wall_clock_watch_;
  std::optional<adapters::FileWatch> zone_watch_;
  std::optional<adapters::FileWatch> config_watch_;
  std::optional<core::BootTime> store_retry_;  // set while writes fail: when to try again
  std::optional<core::BootTime> last_purge_;
  std::optional<core::BootTime> stop_by_;  // stopping: exit once written, or at this moment
};

}  // namespace screentime::app
