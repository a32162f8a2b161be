#include "daemon/app/limited_user.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/session_writes.hpp"
#include "daemon/protocol/duration_text.hpp"

namespace screentime::app {

core::SessionSettings limited_session_settings() {
  core::SessionSettings settings = core::session_settings(core::Config{});
  settings.breaks.eye.enabled = false;
  settings.breaks.movement.enabled = false;
  settings.breaks.goal_enabled = false;
  // A crash of the system role must never give a limited user time back.
  settings.keep_state_through_crash = true;
  return settings;
}

LimitedUser::LimitedUser(const core::Clock& clock, core::HistoryStore& store, RuntimeHost& host,
                         LimitActions& actions, core::UserId user, std::string boot_id,
                         core::LimitRecords* records)
    : clock_(clock),
      store_(store),
      host_(host),
      actions_(actions),
      user_(user),
      records_(records),
      history_(store, user, records),
      session_(clock, std::move(boot_id), limited_session_settings(), history_) {}

void LimitedUser::start(const core::UserLimits& limits, const core::LimitsFile& file) {
  file_ = file;
  session_.start(store_.last_seen(user_), std::nullopt);
  record_state();
  session_.set_limits(limits);
  settle();
}

void LimitedUser::stop() {
  session_.stop();
  settle();
}

void LimitedUser::set_limits(const core::UserLimits& limits, const core::LimitsFile& file) {
  file_ = file;
  record_state();  // which sessions count may have changed
  session_.set_limits(limits);
  settle();
}

void LimitedUser::grant(core::Duration extra) {
  spdlog::info("uid {}: {} more today", user_, protocol::format_duration(extra));
  session_.grant(extra);
  settle();
}

void LimitedUser::sessions_changed(const std::vector<core::LoginSession>& sessions) {
  sessions_ = sessions;
  record_state();
  settle();
}

void LimitedUser::before_sleep() {
  session_.before_sleep();
  settle();
}

void LimitedUser::after_sleep() {
  session_.after_sleep();
  settle();
}

void LimitedUser::on_deadline() {
  session_.wake_up();
  settle();
}

std::optional<core::BootTime> LimitedUser::next_deadline() const {
  const auto due = session_.next_deadline();
  return due ? std::optional(due->at) : std::nullopt;
}

void LimitedUser::record_state() {
  session_.report_state(core::decide_user_state(user_, sessions_, file_), clock_.now());
}

void LimitedUser::settle() {
  auto output = session_.drain();
  if (queue_session_output(store_, clock_, user_, output)) host_.flush();
  for (const auto& notice : output.limit_notices) act(notice);
  // Any settle may change the standing (a warning, the time up, a grant, a new day): the host
  // tells those who watch it when it did.
  host_.state_changed(user_);
  host_.rearm();
}

// The time up and each action, for the parents' report. A failed write is logged: the action
// itself never waits on the disk.
void LimitedUser::keep(const core::LimitNotice& notice) {
  using Kind = core::LimitNotice::Kind;
  if (records_ == nullptr || (notice.kind != Kind::reached && notice.kind != Kind::enforce)) return;
  const auto kind = notice.kind == Kind::reached ? core::LimitEvent::Kind::time_up
                                                 : core::LimitEvent::Kind::action;
  try {
    records_->add_event(
        user_, {notice.at, clock_.utc_offset(notice.at), kind, notice.action, notice.reason});
  } catch (const std::exception& error) {
    spdlog::warn("uid {}: cannot keep what the limit did ({}); the report will miss it", user_,
                 error.what());
  }
}

void LimitedUser::act(const core::LimitNotice& notice) {
  keep(notice);
  actions_.tell(user_, notice);
  if (notice.kind != core::LimitNotice::Kind::enforce) return;
  const auto ids = core::sessions_to_act_on(user_, sessions_, file_);
  spdlog::info("uid {}: time is up ({}): {} {} session(s)", user_, core::to_string(notice.reason),
               core::to_string(notice.action), ids.size());
  switch (notice.action) {
    case core::LimitAction::notify:
      break;
    case core::LimitAction::lock:
      actions_.lock_sessions(ids);
      break;
    case core::LimitAction::logout:
      actions_.terminate_sessions(ids);
      break;
    case core::LimitAction::suspend:
      actions_.suspend();
      break;
  }
}

}  // namespace screentime::app
