#pragma once
// StandingBroadcast: the system role's pushes of a limited user's standing to the connections
// that watch it (`limits.watch`). A push goes only when the standing changed otherwise than by
// time passing (a state, a warning, the time up, a grant, new limits, a new day): the figures
// that run with the clock are counted by the consumer, so nothing is ever sent as a tick.
// Loop thread only.

#include <map>
#include <nlohmann/json.hpp>

#include "daemon/app/control_session.hpp"
#include "daemon/app/system_control.hpp"

namespace screentime::app {

class StandingBroadcast {
 public:
  StandingBroadcast(const SystemControl& system, ControlSession& control)
      : system_(system), control_(control) {}

  // The user's standing may have changed: push it if it did.
  void changed(core::UserId user);

 private:
  const SystemControl& system_;
  ControlSession& control_;
  // As last pushed (null: no limits), for the users someone watches.
  std::map<core::UserId, nlohmann::json> shapes_;
};

}  // namespace screentime::app
