#pragma once
// RuntimeHost: what one user's runtime needs from the process owner (the Manager), and no
// more: the shared deadline, the shared store's writes, and the subscribers. Loop thread only.

#include "daemon/core/time.hpp"

namespace screentime::app {

class RuntimeHost {
 public:
  virtual ~RuntimeHost() = default;
  // A deadline of the user's may have moved: arm the one timer again.
  virtual void rearm() = 0;
  // Write what was queued in the store now (a state change, a break event, before sleep).
  virtual void flush() = 0;
  // The user's recorded state changed (in the system role: their standing against the limits
  // may have): tell the subscribers.
  virtual void state_changed(core::UserId user) = 0;
  // The user's session settled; `news`: a reminder came or went, or a break was taken or
  // missed. The take-a-break state's subscribers hear what changed.
  virtual void breaks_settled(core::UserId /*user*/, bool /*news*/) {}
};

}  // namespace screentime::app
