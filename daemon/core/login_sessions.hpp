#pragma once
// Every login session on the machine as logind describes it, and what they mean for one
// user's limits: the system role follows all of them. Pure.

#include <string>
#include <vector>

#include "daemon/core/interval.hpp"
#include "daemon/core/limit_policy.hpp"
#include "daemon/core/limits.hpp"
#include "daemon/core/session_state.hpp"

namespace screentime::core {

struct LoginSession {
  std::string id;             // "c1", "3"
  UserId uid = 0;             // the User property's uid
  std::string type;           // Type: "x11", "wayland", "tty", "mir", "unspecified"
  std::string session_class;  // Class: "user", "greeter", "lock-screen", "background"
  bool remote = false;        // Remote: an ssh login, a remote desktop
  bool active = false;        // Active: in front on its seat (always true without a seat)
  bool locked = false;        // LockedHint
  bool idle = false;          // IdleHint

  friend bool operator==(const LoginSession&, const LoginSession&) = default;
};

// Whether `session` counts for limits: a user session of one of `limits.session_types`,
// remote only when `limits.count_remote`.
bool session_counts(const LoginSession& session, const LimitsFile& limits);

// `uid`'s sessions taken together: open while any that counts is active and unlocked; idle
// when every such open one is idle. Several sessions of one user count once.
LimitPresence presence_of(UserId uid, const std::vector<LoginSession>& sessions,
                          const LimitsFile& limits);

// What the system role records for `uid` from their sessions (it has no other source): active
// or idle while a counted session is open, locked while their sessions are locked or in the
// back, unknown ("no session") while they have none.
StateDecision decide_user_state(UserId uid, const std::vector<LoginSession>& sessions,
                                const LimitsFile& limits);

// The sessions the action at the limit applies to: `uid`'s open sessions that count.
std::vector<std::string> sessions_to_act_on(UserId uid, const std::vector<LoginSession>& sessions,
                                            const LimitsFile& limits);

}  // namespace screentime::core
