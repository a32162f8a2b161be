#pragma once
// SessionActivity: what logind says about the user's session (lock, switch-away, IdleHint,
// sleep), handed to the daemon's ActivityArbiter. Loop thread only.

#include "daemon/adapters/activity/logind_session_source.hpp"
#include "daemon/core/session_state.hpp"

namespace screentime::app {

class UserRuntime;

class SessionActivity final : public adapters::LogindListener {
 public:
  explicit SessionActivity(UserRuntime& daemon) : daemon_(daemon) {}

  void on_session_status(const adapters::LogindSessionStatus& status) override;
  void on_before_sleep() override;
  void on_after_sleep() override;
  void on_session_lost(std::string_view why) override;

 private:
  UserRuntime& daemon_;
  core::SessionFacts facts_;
  bool have_session_ = false;
};

}  // namespace screentime::app
