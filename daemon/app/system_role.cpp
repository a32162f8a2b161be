#include "daemon/app/system_role.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/limit_notice_text.hpp"
#include "daemon/protocol/duration_text.hpp"

namespace screentime::app {

SystemRole::SystemRole(adapters::SharedBus& system_bus, const core::Clock& clock,
                       core::HistoryStore& store, RuntimeHost& host, core::UserNotifier& desktops,
                       SystemSetup setup)
    : clock_(clock),
      store_(store),
      host_(host),
      desktops_(desktops),
      setup_(std::move(setup)),
      limits_(setup_.limits_file, setup_.state_dir),
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

bool SystemRole::reload_limits() {
  const bool taken = limits_.reload();
  if (taken) apply_limits();
  return taken;
}

// Users who are no longer limited stop being accounted here; new ones start, with what the
// history holds of this week.
void SystemRole::apply_limits() {
  const auto wanted = limits_.users();
  for (auto it = users_.begin(); it != users_.end();) {
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    spdlog::info("uid {} is no longer limited", it->first);
    it->second->stop();
    it = users_.erase(it);
  }
  for (const auto& [uid, limits] : wanted) {
    auto found = users_.find(uid);
    if (found != users_.end()) {
      found->second->set_limits(limits, limits_.limits());
      continue;
    }
    LimitActions& actions = *this;
    auto user = std::make_unique<LimitedUser>(clock_, store_, host_, actions, uid, setup_.boot_id);
    user->start(limits, limits_.limits());
    if (!sessions_.empty()) user->sessions_changed(sessions_);
    users_.emplace(uid, std::move(user));
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
