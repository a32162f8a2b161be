#include "daemon/app/input_activity.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/daemon.hpp"

namespace screentime::app {

void InputActivity::on_idle(core::Duration threshold, const core::Instant& last_input) {
  // Sources watch several thresholds: each break's length makes the user away for break
  // reminders; only the idle threshold makes the recorded state idle.
  daemon_.input_source_back();
  daemon_.arbiter().input_paused(last_input);
  if (threshold == daemon_.arbiter().settings().idle_threshold) {
    daemon_.arbiter().input_idle_since(last_input);
  }
  daemon_.reevaluate();
}

void InputActivity::on_input(const core::Instant&) {
  daemon_.input_source_back();
  daemon_.arbiter().input_seen();
  daemon_.reevaluate();
}

void InputActivity::on_idle_source_lost(std::string_view why) {
  spdlog::warn("input idle source lost ({}); using the session alone until it returns", why);
  daemon_.input_source_lost();
}

}  // namespace screentime::app
