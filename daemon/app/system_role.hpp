#pragma once
// SystemRole: what `screentimed --system` does beside the loop's owner: it follows every
// login session through logind, keeps the limits in force (LimitsInForce), runs one
// LimitedUser per limited user, and carries out what their policies decide on logind
// (LockSession, TerminateSession, Suspend), and tells the user on their desktop. Nothing a limited
// user's processes say reaches it: only logind and the root-owned limits file. Loop thread only.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/activity/logind_sessions.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/app/limit_actions.hpp"
#include "daemon/app/limited_user.hpp"
#include "daemon/app/limits_in_force.hpp"
#include "daemon/app/runtime_host.hpp"
#include "daemon/app/system_control.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/notifier.hpp"

namespace screentime::app {

// The polkit action a parent's password on the user's screen authorizes (data/polkit).
inline constexpr const char* kGrantTimeAction = "org.screentime.grant-time";

struct SystemSetup {
  std::filesystem::path limits_file;  // --limits, default /etc/screentime/limits.toml
  std::filesystem::path state_dir;    // --state-dir, default /var/lib/screentime
  std::string boot_id;
  // The role's own control socket, which buttons on administrators' notifications answer on.
  std::string socket;
  // A limited user's session bus; %U is their uid (--user-bus).
  std::string user_bus_template = "unix:path=/run/user/%U/bus";
};

class SystemRole final : public SystemControl,
                         private LimitActions,
                         private adapters::LogindSessionsListener {
 public:
  SystemRole(adapters::SharedBus& system_bus, const core::Clock& clock, core::HistoryStore& store,
             core::LimitRecords& records, RuntimeHost& host, core::UserNotifier& desktops,
             core::CommandRunner& commands, SystemSetup setup);
  ~SystemRole() override;

  // Reads the limits (throws when there are none to apply: see LimitsInForce), starts every
  // limited user and follows logind's sessions.
  void start();
  void stop();
  // SIGHUP or the file changed: the file's limits if it reads well, else those in force.
  bool reload_limits();
  void on_deadline();
  void on_clock_or_zone_change();
  std::optional<core::BootTime> next_deadline() const;

  const LimitsInForce& limits() const { return limits_; }
  const LimitedUser* user(core::UserId uid) const;
  std::string describe() const;

  // SystemControl
  bool is_admin(const adapters::PeerCredentials& peer) const override;
  std::optional<core::UserId> limited_user(std::string_view name_or_uid) const override;
  std::vector<core::UserId> limited_users() const override;
  std::string user_name(core::UserId user) const override;
  const core::UserSession* limited_session(core::UserId user) const override;
  const LimitsInForce& limits_in_force() const override { return limits_; }
  std::vector<adapters::ConfigDiagnostic> set_limit(
      const std::string& user, const std::string& key,
      const std::optional<std::string>& value) override;
  void grant(core::UserId user, core::Duration extra, core::UserId by,
             std::optional<std::int64_t> request) override;
  core::LimitRecords& records() override { return records_; }
  core::HistoryStore& history() override { return store_; }
  void tell_user(core::UserId user, const core::Notification& notification,
                 const core::AnsweringActions& answers = {}) override;
  void approve_on_screen(const core::LimitRequest& request) override;
  void tell_admins(const core::Notification& notification,
                   const core::AnsweringActions& answers = {}) override;
  void tell_absent_parents(const core::LimitRequest& request) override;
  const core::Clock& clock() const override { return clock_; }
  std::string control_socket() const override { return setup_.socket; }

 private:
  // LimitActions
  void tell(core::UserId user, const core::LimitNotice& notice) override;
  void lock_sessions(const std::vector<std::string>& ids) override;
  void terminate_sessions(const std::vector<std::string>& ids) override;
  void suspend() override;
  // adapters::LogindSessionsListener
  void on_sessions(const std::vector<core::LoginSession>& sessions) override;
  void on_prepare_for_sleep(bool sleeping) override;
  void on_logind_lost(std::string_view why) override;

  void apply_limits();
  void on_approval(std::int64_t id, bool authorized, const std::string& why);

  const core::Clock& clock_;
  core::HistoryStore& store_;
  core::LimitRecords& records_;
  RuntimeHost& host_;
  core::UserNotifier& desktops_;
  core::CommandRunner& commands_;
  SystemSetup setup_;
  LimitsInForce limits_;
  adapters::SharedBus& system_bus_;
  adapters::LogindSessions logind_;
  // polkit questions in flight, by request; a finished one goes at the next question.
  std::map<std::int64_t, std::pair<adapters::SdBusSlotPtr, bool>> approvals_;
  std::map<core::UserId, std::unique_ptr<LimitedUser>> users_;
  std::map<core::UserId, std::string> names_;  // as the limits file names them
  std::optional<gid_t> admin_group_;           // the file's admin_group, when it exists
  std::vector<core::UserId> admin_members_;    // its members, whose desktops hear requests
  std::optional<core::UserId> command_user_;   // whom request_command runs as
  std::vector<core::LoginSession> sessions_;
};

}  // namespace screentime::app
