#pragma once
// What a login session's facts mean for screen time, by fixed precedence: asleep wins over
// everything, then locked (a session switched away from counts as locked: someone else is in
// front), then idle, then active.

#include <string>
#include <string_view>

#include "daemon/core/activity.hpp"

namespace screentime::core {

struct SessionFacts {
  bool sleeping = false;  // between PrepareForSleep(true) and (false)
  bool locked = false;    // the screen locker is up (Lock signal or LockedHint)
  bool in_front = true;   // the session is the active one on its seat
  bool idle = false;      // the desktop says no input for its idle time (IdleHint)
};

struct StateDecision {
  ActivityState state;
  std::string source;
  std::string detail;
};

StateDecision decide_session_state(const SessionFacts& facts, std::string_view source);

}  // namespace screentime::core
