#include "daemon/app/session_activity.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/daemon.hpp"

namespace screentime::app {

namespace {
constexpr std::string_view kSource = "logind";
}

void SessionActivity::on_session_status(const adapters::LogindSessionStatus& status) {
  if (!have_session_) spdlog::info("following logind session {}", status.session_id);
  have_session_ = true;
  facts_.locked = status.locked;
  facts_.in_front = status.active;
  facts_.idle = status.idle;
  core::Instant at = daemon_.clock().now();
  // IdleHint comes late by the desktop's idle time: idle started at the last input.
  if (status.idle && status.idle_since && *status.idle_since < at.wall) {
    at = at.earlier_by(at.wall - *status.idle_since);
  }
  apply(at);
}

void SessionActivity::on_before_sleep() {
  facts_.sleeping = true;
  apply(daemon_.clock().now());
  // The delay inhibitor is released when this returns: the interval must be on disk first.
  daemon_.flush_now();
}

void SessionActivity::on_after_sleep() {
  facts_.sleeping = false;
  apply(daemon_.clock().now());
}

void SessionActivity::on_session_lost(std::string_view why) {
  spdlog::warn("logind session lost ({}); time is unknown until it is found again", why);
  have_session_ = false;
  daemon_.report_state(daemon_.clock().now(),
                       {core::ActivityState::unknown, std::string(kSource), std::string(why)});
}

void SessionActivity::apply(const core::Instant& at) {
  if (!have_session_ && !facts_.sleeping) return;
  daemon_.report_state(at, core::decide_session_state(facts_, kSource));
}

}  // namespace screentime::app
