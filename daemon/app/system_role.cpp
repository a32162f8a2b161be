#include "daemon/app/system_role.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "daemon/adapters/dbus/polkit_check.hpp"
#include "daemon/adapters/system/user_account.hpp"
#include "daemon/app/limit_notice_text.hpp"
#include "daemon/app/time_requests.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {

SystemRole::SystemRole(adapters::SharedBus& system_bus, const core::Clock& clock,
                       core::HistoryStore& store, core::LimitRecords& records, RuntimeHost& host,
                       core::UserNotifier& desktops, core::CommandRunner& commands,
                       SystemSetup setup)
    : clock_(clock),
      store_(store),
      records_(records),
      host_(host),
      desktops_(desktops),
      commands_(commands),
      setup_(std::move(setup)),
      limits_(setup_.limits_file, setup_.state_dir),
      system_bus_(system_bus),
      logind_(system_bus, clock, static_cast<adapters::LogindSessionsListener&>(*this)) {
  logind_.deadline_changed = [this] { host_.rearm(); };
}

SystemRole::~SystemRole() = default;

void SystemRole::start() {
  limits_.load_at_start();
  apply_limits();
  if (!logind_.start()) {
    spdlog::warn("system role: logind cannot be reached yet; limits apply once it answers");
  }
}

void SystemRole::stop() {
  for (auto& [uid, user] : users_) user->stop();
}

std::vector<adapters::ConfigDiagnostic> SystemRole::set_limit(
    const std::string& user, const std::string& key, const std::optional<std::string>& value) {
  auto errors = limits_.set_user_key(user, key, value);
  if (errors.empty()) apply_limits();
  return errors;
}

bool SystemRole::reload_limits() {
  const bool taken = limits_.reload();
  if (taken) apply_limits();
  return taken;
}

// Users who are no longer limited stop being accounted here; new ones start, with what the
// history holds of this week.
void SystemRole::apply_limits() {
  auto resolved = limits_.resolve_users();
  const auto& wanted = resolved.limits;
  limits_.record_limited_users(wanted);
  names_ = std::move(resolved.names);
  const std::string& group = limits_.limits().admin_group;
  admin_group_ = adapters::gid_of(group);
  const auto members = adapters::member_uids(group);
  admin_members_.assign(members.begin(), members.end());
  const auto& file = limits_.limits();
  command_user_.reset();
  if (!file.request_command.empty()) {
    command_user_ = adapters::uid_of(file.request_command_user);
    if (!command_user_ || *command_user_ == 0) {
      spdlog::warn(
          "limits: request_command_user \"{}\" is no unprivileged user here; the "
          "request command will not run",
          file.request_command_user);
      command_user_.reset();
    }
  }
  if (!admin_group_) {
    spdlog::info("system role: no group \"{}\" on this machine: only root administers", group);
  }
  for (auto it = users_.begin(); it != users_.end();) {
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    spdlog::info("uid {} is no longer limited", it->first);
    it->second->stop();
    const core::UserId gone = it->first;
    it = users_.erase(it);
    host_.state_changed(gone);  // those who watch their standing hear that the limits went
  }
  for (const auto& [uid, limits] : wanted) {
    auto found = users_.find(uid);
    if (found != users_.end()) {
      found->second->set_limits(limits, limits_.limits());
      continue;
    }
    LimitActions& actions = *this;
    // In the table before it starts, so that the standing it publishes as it settles is found.
    auto& user = *users_
                      .emplace(uid, std::make_unique<LimitedUser>(clock_, store_, host_, actions,
                                                                  uid, setup_.boot_id, &records_))
                      .first->second;
    user.start(limits, limits_.limits());
    if (!sessions_.empty()) user.sessions_changed(sessions_);
  }
  spdlog::info("system role: {} limited user(s), limits from the {}", users_.size(),
               limits_.in_force());
}

void SystemRole::on_deadline() {
  logind_.on_deadline();
  for (auto& [uid, user] : users_) user->on_deadline();
}

void SystemRole::on_clock_or_zone_change() {
  spdlog::info("system role: the wall clock or the time zone changed; counted time stands");
  for (auto& [uid, user] : users_) user->on_deadline();
}

std::optional<core::BootTime> SystemRole::next_deadline() const {
  std::optional<core::BootTime> earliest = logind_.next_deadline();
  for (const auto& [uid, user] : users_) {
    const auto due = user->next_deadline();
    if (due && (!earliest || *due < *earliest)) earliest = due;
  }
  return earliest;
}

const LimitedUser* SystemRole::user(core::UserId uid) const {
  const auto found = users_.find(uid);
  return found == users_.end() ? nullptr : found->second.get();
}

bool SystemRole::is_admin(const adapters::PeerCredentials& peer) const {
  if (peer.uid == 0) return true;
  if (!admin_group_) return false;
  return peer.gid == *admin_group_ ||
         std::find(peer.groups.begin(), peer.groups.end(), *admin_group_) != peer.groups.end();
}

std::optional<core::UserId> SystemRole::limited_user(std::string_view name_or_uid) const {
  const bool digits =
      !name_or_uid.empty() && name_or_uid.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits && name_or_uid.size() <= 10) {
    const unsigned long uid = std::stoul(std::string(name_or_uid));
    if (uid <= std::numeric_limits<core::UserId>::max() &&
        users_.contains(static_cast<core::UserId>(uid))) {
      return static_cast<core::UserId>(uid);
    }
  }
  for (const auto& [uid, name] : names_) {
    if (name == name_or_uid && users_.contains(uid)) return uid;
  }
  return std::nullopt;
}

std::vector<core::UserId> SystemRole::limited_users() const {
  std::vector<core::UserId> found;
  for (const auto& [uid, user] : users_) found.push_back(uid);
  return found;
}

std::string SystemRole::user_name(core::UserId user) const {
  const auto found = names_.find(user);
  return found != names_.end() ? found->second : std::to_string(user);
}

const core::UserSession* SystemRole::limited_session(core::UserId user) const {
  const auto found = users_.find(user);
  return found == users_.end() ? nullptr : &found->second->session();
}

void SystemRole::grant(core::UserId user, core::Duration extra, core::UserId by,
                       std::optional<std::int64_t> request) {
  const auto found = users_.find(user);
  if (found == users_.end()) return;
  const auto now = clock_.now().wall;
  records_.add_grant(user, {now, clock_.utc_offset(now), extra, by, request});
  found->second->grant(extra);
}

void SystemRole::tell_user(core::UserId user, const core::Notification& notification,
                           const core::AnsweringActions& answers) {
  desktops_.show(user, notification, answers);
}

// polkit's agent runs in the session in front: the asker's active, counted one.
void SystemRole::approve_on_screen(const core::LimitRequest& request) {
  std::erase_if(approvals_, [](const auto& each) { return each.second.second; });
  std::string session;
  for (const auto& each : sessions_) {
    if (each.uid == request.user && each.active && core::session_counts(each, limits_.limits())) {
      session = each.id;
    }
  }
  if (session.empty()) {
    throw protocol::ProtocolError(protocol::ErrorCode::refused,
                                  "no session of the user in front to ask on");
  }
  const auto id = request.id;
  // One password dialog at a time: a click repeated, or a flood of requests, while polkit
  // still asks must not stack dialogs on the asker's screen.
  if (approvals_.contains(id)) {
    spdlog::debug("request {}: polkit is asking already", id);
    return;
  }
  auto slot = adapters::check_in_session(system_bus_, session, kGrantTimeAction,
                                         [this, id](bool authorized, const std::string& why) {
                                           approvals_[id].second = true;
                                           on_approval(id, authorized, why);
                                         });
  approvals_[id] = {std::move(slot), false};
  spdlog::info("request {}: asking polkit for a parent's password in session {}", id, session);
}

void SystemRole::on_approval(std::int64_t id, bool authorized, const std::string& why) {
  try {
    const auto request = records_.request(id);
    if (!request || request->state != core::RequestState::pending) return;
    if (!authorized) {
      spdlog::info("request {}: not approved on the screen{}{}", id, why.empty() ? "" : ": ", why);
      tell_user(request->user, not_approved_notification());
      return;
    }
    // uid 0: an administrator's password, given on the asker's screen.
    grant_request(*this, *request, std::nullopt, 0);
    spdlog::info("request {}: approved on the screen", id);
  } catch (const std::exception& error) {
    spdlog::warn("request {}: the approval could not be applied: {}", id, error.what());
  }
}

// Root and the admin group's members, on each desktop they are logged in to, once each.
void SystemRole::tell_admins(const core::Notification& notification,
                             const core::AnsweringActions& answers) {
  std::vector<core::UserId> told;
  for (const auto& session : sessions_) {
    const bool admin = session.uid == 0 || std::find(admin_members_.begin(), admin_members_.end(),
                                                     session.uid) != admin_members_.end();
    if (!admin || std::find(told.begin(), told.end(), session.uid) != told.end()) continue;
    told.push_back(session.uid);
    desktops_.show(session.uid, notification, answers);
  }
  if (told.empty()) spdlog::info("no administrator is logged in to hear: {}", notification.summary);
}

// The program, its own arguments, then the request's number, user, time asked and reason.
void SystemRole::tell_absent_parents(const core::LimitRequest& request) {
  const auto& command = limits_.limits().request_command;
  if (command.empty() || !command_user_) return;
  auto run = command;
  run.insert(run.end(), {std::to_string(request.id), user_name(request.user),
                         protocol::format_duration(request.extra), request.reason});
  commands_.run_as(*command_user_, run);
}

std::string SystemRole::describe() const {
  return logind_.describe() + ", " + std::to_string(users_.size()) + " limited user(s)";
}

void SystemRole::on_sessions(const std::vector<core::LoginSession>& sessions) {
  sessions_ = sessions;
  for (auto& [uid, user] : users_) user->sessions_changed(sessions_);
}

void SystemRole::on_prepare_for_sleep(bool sleeping) {
  for (auto& [uid, user] : users_) sleeping ? user->before_sleep() : user->after_sleep();
}

// What the sessions were is unknown until logind answers again: nobody's time counts
// meanwhile, as after a logout.
void SystemRole::on_logind_lost(std::string_view why) {
  spdlog::warn("system role: lost logind ({}); sessions are unknown until it is back", why);
  sessions_.clear();
  for (auto& [uid, user] : users_) user->sessions_changed(sessions_);
}

// In the log, and on the user's desktop whether or not their own daemon runs.
void SystemRole::tell(core::UserId user, const core::LimitNotice& notice) {
  if (auto notification = limit_notification(notice)) desktops_.show(user, *notification);
  switch (notice.kind) {
    case core::LimitNotice::Kind::warning:
      spdlog::info("uid {}: {} left", user, protocol::format_duration(notice.left));
      break;
    case core::LimitNotice::Kind::reached:
      spdlog::info("uid {}: time is up ({}); {} after the grace", user,
                   core::to_string(notice.reason), core::to_string(notice.action));
      break;
    case core::LimitNotice::Kind::enforce:
      break;  // LimitedUser says what it does
    case core::LimitNotice::Kind::allowed_again:
      spdlog::info("uid {}: time is available again", user);
      break;
  }
}

void SystemRole::lock_sessions(const std::vector<std::string>& ids) {
  for (const auto& id : ids) logind_.lock_session(id);
}

void SystemRole::terminate_sessions(const std::vector<std::string>& ids) {
  for (const auto& id : ids) logind_.terminate_session(id);
}

void SystemRole::suspend() { logind_.suspend(); }

}  // namespace screentime::app
