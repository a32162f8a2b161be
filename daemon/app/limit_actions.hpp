#pragma once
// LimitActions: what the system role does when a limited user's policy says so: tell the user
// (a warning, the time up, time again) and run the action on their sessions. The owner
// implements it with logind and the user's desktop. Loop thread only.

#include <string>
#include <vector>

#include "daemon/core/interval.hpp"
#include "daemon/core/limit_policy.hpp"

namespace screentime::app {

class LimitActions {
 public:
  virtual ~LimitActions() = default;
  virtual void tell(core::UserId user, const core::LimitNotice& notice) = 0;
  virtual void lock_sessions(const std::vector<std::string>& ids) = 0;
  virtual void terminate_sessions(const std::vector<std::string>& ids) = 0;
  virtual void suspend() = 0;
};

}  // namespace screentime::app
