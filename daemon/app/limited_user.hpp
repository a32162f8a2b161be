#pragma once
// LimitedUser: one user the system role limits: their pure core::UserSession (no reminders:
// those are the user role's), told what logind says of their sessions, with the limits the
// file sets for them; what it decides is queued in the system store, and its limit notices
// become what LimitActions does. Nothing the user's own processes report reaches it. Loop
// thread only.

#include <optional>
#include <string>
#include <vector>

#include "daemon/app/limit_actions.hpp"
#include "daemon/app/runtime_host.hpp"
#include "daemon/app/store_usage_history.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/login_sessions.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

class LimitedUser {
 public:
  // `records`: the grants kept for the user, read back at start (none in tests that need none).
  LimitedUser(const core::Clock& clock, core::HistoryStore& store, RuntimeHost& host,
              LimitActions& actions, core::UserId user, std::string boot_id,
              core::LimitRecords* records = nullptr);

  // Closes what the last run left and applies `limits` (`file` says which sessions count).
  void start(const core::UserLimits& limits, const core::LimitsFile& file);
  void stop();
  void set_limits(const core::UserLimits& limits, const core::LimitsFile& file);
  // Extra time now, already stored by the caller.
  void grant(core::Duration extra);

  // Every session on the machine, as logind now describes them.
  void sessions_changed(const std::vector<core::LoginSession>& sessions);
  void before_sleep();
  void after_sleep();
  void on_deadline();
  std::optional<core::BootTime> next_deadline() const;

  core::UserId user() const { return user_; }
  const core::UserSession& session() const { return session_; }

 private:
  void record_state();
  void settle();
  void act(const core::LimitNotice& notice);
  void keep(const core::LimitNotice& notice);

  const core::Clock& clock_;
  core::HistoryStore& store_;
  RuntimeHost& host_;
  LimitActions& actions_;
  core::UserId user_;
  core::LimitRecords* records_;
  StoreUsageHistory history_;
  core::UserSession session_;
  core::LimitsFile file_;
  std::vector<core::LoginSession> sessions_;
};

// The system role's session settings: no reminders, no goal; checkpoints as the config says.
core::SessionSettings limited_session_settings();

}  // namespace screentime::app
