#include "daemon/core/login_sessions.hpp"

#include <algorithm>

namespace screentime::core {
namespace {

bool open(const LoginSession& session) { return session.active && !session.locked; }

}  // namespace

bool session_counts(const LoginSession& session, const LimitsFile& limits) {
  if (session.session_class != "user") return false;  // greeters, lock screens, background
  if (session.remote && !limits.count_remote) return false;
  return std::find(limits.session_types.begin(), limits.session_types.end(), session.type) !=
         limits.session_types.end();
}

LimitPresence presence_of(UserId uid, const std::vector<LoginSession>& sessions,
                          const LimitsFile& limits) {
  LimitPresence presence;
  bool all_idle = true;
  for (const LoginSession& session : sessions) {
    if (session.uid != uid || !session_counts(session, limits) || !open(session)) continue;
    presence.session_open = true;
    all_idle = all_idle && session.idle;
  }
  presence.idle = presence.session_open && all_idle;
  return presence;
}

StateDecision decide_user_state(UserId uid, const std::vector<LoginSession>& sessions,
                                const LimitsFile& limits) {
  bool any = false;
  bool locked = false;
  for (const LoginSession& session : sessions) {
    if (session.uid != uid || !session_counts(session, limits)) continue;
    any = true;
    locked = locked || (session.active && session.locked);
  }
  if (!any) return {ActivityState::unknown, "logind", "no session"};
  const LimitPresence presence = presence_of(uid, sessions, limits);
  if (presence.session_open) {
    return presence.idle ? StateDecision{ActivityState::idle, "logind", "IdleHint"}
                         : StateDecision{ActivityState::active, "logind", ""};
  }
  return {ActivityState::locked, "logind",
          locked ? "session locked" : "another session is in front"};
}

std::vector<std::string> sessions_to_act_on(UserId uid, const std::vector<LoginSession>& sessions,
                                            const LimitsFile& limits) {
  std::vector<std::string> ids;
  for (const LoginSession& session : sessions) {
    if (session.uid == uid && session_counts(session, limits) && open(session)) {
      ids.push_back(session.id);
    }
  }
  return ids;
}

}  // namespace screentime::core
