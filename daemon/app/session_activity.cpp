#include "daemon/app/session_activity.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/daemon.hpp"

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
  daemon_.arbiter().set_session(facts_, now, idle_since);
  daemon_.reevaluate();
}

void SessionActivity::on_before_sleep() {
  facts_.sleeping = true;
  daemon_.arbiter().set_session(facts_, daemon_.clock().now());
  daemon_.reevaluate();
  // The delay inhibitor is released when this returns: the interval must be on disk first.
  daemon_.flush_now();
}

void SessionActivity::on_after_sleep() {
  facts_.sleeping = false;
  daemon_.arbiter().set_session(have_session_ ? std::optional(facts_) : std::nullopt,
                                daemon_.clock().now());
  daemon_.reevaluate();
}

void SessionActivity::on_session_lost(std::string_view why) {
  spdlog::warn("logind session lost ({}); following it again when it returns", why);
  have_session_ = false;
  daemon_.arbiter().set_session(std::nullopt, daemon_.clock().now());
  daemon_.reevaluate();
}

}  // namespace screentime::app
