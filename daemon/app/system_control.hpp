#pragma once
// SystemControl: what the system role's commands need of it: who is an administrator, the
// limited users and where each stands, the limits in force, and grants. The commands see only
// this, never the role or the daemon. Loop thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/app/limits_in_force.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/interval.hpp"
#include "daemon/core/limit_records.hpp"
#include "daemon/core/notifier.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

class SystemControl {
 public:
  virtual ~SystemControl() = default;

  // Root, or a member of the limits file's admin group (the peer's groups as the kernel gave
  // them with the connection, not looked up again).
  virtual bool is_admin(const adapters::PeerCredentials& peer) const = 0;
  // A limited user by the name the limits file gives them or by uid (digits); nullopt when it
  // names no limited user.
  virtual std::optional<core::UserId> limited_user(std::string_view name_or_uid) const = 0;
  virtual std::vector<core::UserId> limited_users() const = 0;
  virtual std::string user_name(core::UserId user) const = 0;
  // The user's session, with their limit policy; nullptr when they are not limited.
  virtual const core::UserSession* limited_session(core::UserId user) const = 0;
  virtual const LimitsInForce& limits_in_force() const = 0;
  // Sets (nullopt: removes) one key of one user in the limits file and applies the result;
  // returns the errors it would have had instead (nothing changed).
  virtual std::vector<adapters::ConfigDiagnostic> set_limit(
      const std::string& user, const std::string& key, const std::optional<std::string>& value) = 0;
  // Extra time for the user today (and this week), from `by`, answering `request` if given:
  // stored first (StoreError: nothing changed), then in force at once.
  virtual void grant(core::UserId user, core::Duration extra, core::UserId by,
                     std::optional<std::int64_t> request) = 0;
  // Where grants and requests are kept; where the users' time is.
  virtual core::LimitRecords& records() = 0;
  virtual core::HistoryStore& history() = 0;
  // A notification on the user's desktop; on every logged-in administrator's.
  virtual void tell_user(core::UserId user, const core::Notification& notification,
                         const core::AnsweringActions& answers = {}) = 0;
  // `answers`: buttons whose click answers as the administrator who clicked.
  virtual void tell_admins(const core::Notification& notification,
                           const core::AnsweringActions& answers = {}) = 0;
  // Asks polkit, on the asker's own screen, for an administrator's password, and grants the
  // request when it is given (else tells the asker it was not). Throws ProtocolError refused
  // when the asker has no session to ask on.
  virtual void approve_on_screen(const core::LimitRequest& request) = 0;
  // The limits file's request_command for `request`, if it has one.
  virtual void tell_absent_parents(const core::LimitRequest& request) = 0;
  virtual const core::Clock& clock() const = 0;
  // Where requests reach the role (for buttons that answer through it).
  virtual std::string control_socket() const = 0;
};

}  // namespace screentime::app
