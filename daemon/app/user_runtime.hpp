#pragma once
// UserRuntime: one user's screen time in the daemon: their pure core::UserSession and the
// adapters that feed it (the login session, the input idle source, inhibitors, the
// fullscreen watch) and present it (the reminders). The adapters tell the session what they
// see and call settle(), which queues what it decided in the store and hands the rest to the
// host. The user role runs one; the system role will run one per user. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>

#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/system/child_processes.hpp"
#include "daemon/app/activity_sources.hpp"
#include "daemon/app/break_reminders.hpp"
#include "daemon/app/input_activity.hpp"
#include "daemon/app/runtime_host.hpp"
#include "daemon/app/session_activity.hpp"
#include "daemon/app/store_usage_history.hpp"
#include "daemon/app/usage_report.hpp"
#include "daemon/app/user_environment.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/config.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/input_source_order.hpp"
#include "daemon/core/user_session.hpp"
#include "daemon/core/weekly_summary.hpp"

namespace screentime::app {

struct UserSetup {
  core::UserId user = 0;
  std::string boot_id;
  bool notifications = true;    // false: reminders go to the log only
  UserEnvironment environment;  // the user's displays, session, languages, folders
  // How long a lost input idle source may take to come back before it is replaced.
  core::Duration input_source_grace = InputSourceKeeper::kGrace;
  // The weekly summary's button: the command that draws last week's report and opens it
  // (an absolute program path first), and the environment it runs in. Empty: no button.
  std::vector<std::string> open_report;
  std::vector<std::string> child_environment;
};

class UserRuntime {
 public:
  // `system_bus` is the process's one connection to the system bus; the runtime holds the
  // user's one session bus connection, which every adapter of this user shares.
  UserRuntime(boost::asio::io_context& io, adapters::SharedBus& system_bus,
              const core::Clock& clock, core::HistoryStore& store, RuntimeHost& host,
              UserSetup setup, const core::Config& config);

  // Closes what the last run left, goes on from the saved break state, starts the sources
  // and the reminders. The sources answer through the loop: sources_started() tells when
  // they have.
  void start();
  // The activity sources have answered (or were given up on) and the choice is made.
  bool sources_started() const { return sources_started_; }
  // A clean stop: the open interval is closed, the reminder goes.
  void stop();
  // After anything told the session something: queue, show and tell what it decided.
  void settle();
  void on_deadline();
  void on_clock_or_zone_change();
  void apply_config(const core::Config& config);
  // History before `cutoff` is gone: the goal's figure is read again.
  void history_forgotten();
  std::optional<core::BootTime> next_deadline() const;

  void input_source_lost();
  void input_source_back();

  const core::Clock& clock() const { return clock_; }
  core::UserId user() const { return setup_.user; }
  const UserEnvironment& environment() const { return setup_.environment; }
  core::HistoryStore& store() { return store_; }
  core::UserSession& session() { return session_; }
  const core::UserSession& session() const { return session_; }
  const ActivitySources& sources() const { return sources_; }
  BreakReminders& reminders() { return reminders_; }
  const BreakReminders& reminders() const { return reminders_; }
  UsageReport report() const;
  std::string activity_source() const { return sources_.describe(); }
  void flush_now() { host_.flush(); }

 private:
  void start_activity_source(const core::Config& config);
  // At the first active moment of a week, last week's summary (when the config asks for it).
  void summarize_week();
  void store_decisions(core::SessionOutput& output);

  const core::Clock& clock_;
  core::HistoryStore& store_;
  RuntimeHost& host_;
  UserSetup setup_;
  StoreUsageHistory history_;
  core::UserSession session_;
  SessionActivity session_activity_;
  InputActivity input_activity_;
  adapters::SharedBus session_bus_;  // before the adapters on it
  ActivitySources sources_;
  BreakReminders reminders_;
  core::Config config_;  // as last applied: the sources' choice and the report's day start
  core::WeeklySummary weekly_;
  adapters::ChildProcesses children_;  // the weekly summary's report
  bool sources_started_ = false;
};

}  // namespace screentime::app
