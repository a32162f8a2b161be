// Which login sessions count for a user's limits, and how several make one presence.

#include "daemon/core/login_sessions.hpp"

#include <gtest/gtest.h>

namespace screentime::core {
namespace {

LoginSession session(std::string id, UserId uid, std::string type = "x11") {
  LoginSession made;
  made.id = std::move(id);
  made.uid = uid;
  made.type = std::move(type);
  made.session_class = "user";
  made.active = true;
  return made;
}

TEST(LoginSessions, WhichSessionsCount) {
  const LimitsFile defaults;
  LimitsFile with_remote;
  with_remote.count_remote = true;
  auto remote = session("4", 1001, "tty");
  remote.remote = true;
  auto greeter = session("5", 1001);
  greeter.session_class = "greeter";
  struct Case {
    const char* name;
    LoginSession session;
    const LimitsFile& limits;
    bool counts;
  };
  const Case cases[] = {
      {"graphical", session("1", 1001, "x11"), defaults, true},
      {"wayland", session("2", 1001, "wayland"), defaults, true},
      {"local terminal", session("3", 1001, "tty"), defaults, true},
      {"remote by default", remote, defaults, false},
      {"remote when the parent says so", remote, with_remote, true},
      {"a greeter", greeter, defaults, false},
      {"an unspecified type", session("6", 1001, "unspecified"), defaults, false},
  };
  for (const Case& each : cases) {
    EXPECT_EQ(session_counts(each.session, each.limits), each.counts) << each.name;
  }
}

TEST(LoginSessions, SeveralSessionsOfOneUserMakeOnePresence) {
  const LimitsFile limits;
  auto locked = session("1", 1001);
  locked.locked = true;
  auto in_back = session("2", 1001);
  in_back.active = false;
  auto idle = session("3", 1001, "tty");
  idle.idle = true;
  auto busy = session("4", 1001, "tty");
  auto other_user = session("5", 1002);
  struct Case {
    const char* name;
    std::vector<LoginSession> sessions;
    LimitPresence presence;
  };
  const Case cases[] = {
      {"none", {}, {false, false}},
      {"locked and in the back", {locked, in_back}, {false, false}},
      {"one open, idle", {locked, idle}, {true, true}},
      {"one idle, one busy", {idle, busy}, {true, false}},
      {"another user's session", {other_user}, {false, false}},
  };
  for (const Case& each : cases) {
    EXPECT_EQ(presence_of(1001, each.sessions, limits), each.presence) << each.name;
  }
  EXPECT_EQ(sessions_to_act_on(1001, {locked, idle, busy, other_user}, limits),
            (std::vector<std::string>{"3", "4"}));
}

TEST(LoginSessions, TheUsersStateComesFromTheirSessions) {
  const LimitsFile limits;
  auto locked = session("1", 1001);
  locked.locked = true;
  auto in_back = session("2", 1001);
  in_back.active = false;
  auto idle = session("3", 1001, "tty");
  idle.idle = true;
  struct Case {
    const char* name;
    std::vector<LoginSession> sessions;
    ActivityState state;
    std::string detail;
  };
  const Case cases[] = {
      {"none", {session("9", 1002)}, ActivityState::unknown, "no session"},
      {"open", {locked, session("4", 1001)}, ActivityState::active, ""},
      {"open and idle", {idle}, ActivityState::idle, "IdleHint"},
      {"locked", {locked, in_back}, ActivityState::locked, "session locked"},
      {"in the back", {in_back}, ActivityState::locked, "another session is in front"},
  };
  for (const Case& each : cases) {
    const auto decided = decide_user_state(1001, each.sessions, limits);
    EXPECT_EQ(decided.state, each.state) << each.name;
    EXPECT_EQ(decided.detail, each.detail) << each.name;
  }
}

}  // namespace
}  // namespace screentime::core
