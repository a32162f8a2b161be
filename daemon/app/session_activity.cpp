#include "daemon/app/session_activity.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/user_runtime.hpp"

namespace screentime::app {

void SessionActivity::on_session_status(const adapters::LogindSessionStatus& status) {
  if (!have_session_) spdlog::info("following logind session {}", status.session_id);
  have_session_ = true;
  facts_.locked = status.locked;
  facts_.in_front = status.active;
  facts_.idle = status.idle;
  const core::Instant now = daemon_.clock().now();
  std::optional<core::Instant> idle_since;
  // IdleHint comes late by the desktop's idle time: idle started at the last input.
  if (status.idle && status.idle_since && *status.idle_since < now.wall) {
    idle_since = now.earlier_by(now.wall - *status.idle_since);
  }
  daemon_.session().set_login_session(facts_, idle_since);
  daemon_.settle();
}

void SessionActivity::on_before_sleep() {
  daemon_.session().before_sleep();
  daemon_.settle();
  // The delay inhibitor is released when this returns: the interval must be on disk first.
  daemon_.flush_now();
}

void SessionActivity::on_after_sleep() {
  daemon_.session().after_sleep();
  daemon_.settle();
}

void SessionActivity::on_session_lost(std::string_view why) {
  spdlog::warn("logind session lost ({}); following it again when it returns", why);
  have_session_ = false;
  daemon_.session().set_login_session(std::nullopt);
  daemon_.settle();
}

}  // namespace screentime::app
