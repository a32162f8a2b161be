#pragma once
// InputActivity: what the input idle source says (idle since the last input, input again),
// handed to the daemon's ActivityArbiter. Loop thread only.

#include "daemon/core/idle_source.hpp"

namespace screentime::app {

class UserRuntime;

class InputActivity final : public core::IdleObserver {
 public:
  explicit InputActivity(UserRuntime& daemon) : daemon_(daemon) {}

  void on_idle(core::Duration threshold, const core::Instant& last_input) override;
  void on_input(const core::Instant& at) override;
  void on_idle_source_lost(std::string_view why) override;

 private:
  UserRuntime& daemon_;
};

}  // namespace screentime::app
