// Session facts to state: the precedence rules.
#include "daemon/core/session_state.hpp"

#include <gtest/gtest.h>

namespace screentime::core {
namespace {

struct Case {
  SessionFacts facts;
  ActivityState state;
  const char* source;
};

class SessionState : public ::testing::TestWithParam<Case> {};

TEST_P(SessionState, FollowsPrecedence) {
  const auto decision = decide_session_state(GetParam().facts, "logind");
  EXPECT_EQ(decision.state, GetParam().state);
  EXPECT_EQ(decision.source, GetParam().source);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SessionState,
    ::testing::Values(Case{{false, false, true, false}, ActivityState::active, "logind"},
                      Case{{false, false, true, true}, ActivityState::idle, "logind"},
                      Case{{false, true, true, true}, ActivityState::locked, "logind"},
                      Case{{false, false, false, false}, ActivityState::locked, "session-inactive"},
                      Case{{false, true, false, true}, ActivityState::locked, "session-inactive"},
                      Case{{true, true, false, true}, ActivityState::asleep, "logind"},
                      Case{{true, false, true, false}, ActivityState::asleep, "logind"}));

}  // namespace
}  // namespace screentime::core
