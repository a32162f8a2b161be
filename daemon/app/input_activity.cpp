#include "daemon/app/input_activity.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/user_runtime.hpp"

namespace screentime::app {

void InputActivity::on_idle(core::Duration threshold, const core::Instant& last_input) {
  // Sources watch several thresholds; the session's rule says what each one means.
  daemon_.input_source_back();
  daemon_.session().input_idle(threshold, last_input);
  daemon_.settle();
}

void InputActivity::on_input(const core::Instant&) {
  daemon_.input_source_back();
  daemon_.session().input_seen();
  daemon_.settle();
}

void InputActivity::on_idle_source_lost(std::string_view why) {
  spdlog::warn("input idle source lost ({}); using the session alone until it returns", why);
  daemon_.input_source_lost();
}

}  // namespace screentime::app
