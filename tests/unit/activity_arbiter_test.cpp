// ActivityArbiter: the merge rules between session, input idle source and inhibitors.
#include "daemon/core/activity_arbiter.hpp"

#include <gtest/gtest.h>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;

class Arbiter : public ::testing::Test {
 protected:
  void SetUp() override {
    arbiter.set_session(SessionFacts{}, clock.now());
    arbiter.set_input_source("x11");
  }
  ArbitratedState now() const { return arbiter.decide(clock.now()); }

  FakeClock clock{utc(2026, 11, 24, 9)};
  ActivityArbiter arbiter{ArbiterSettings{5min, 3h}};
};

TEST_F(Arbiter, InputMeansActiveFromTheInputSource) {
  EXPECT_EQ(now().decision.state, ActivityState::active);
  EXPECT_EQ(now().decision.source, "x11");
}

TEST_F(Arbiter, IdleStartsAtTheLastInputNotWhenNoticed) {
  const Instant last_input = clock.now();
  clock.advance(5min);
  arbiter.input_idle_since(last_input);
  EXPECT_EQ(now().decision.state, ActivityState::idle);
  EXPECT_EQ(now().since.boot, last_input.boot);
  arbiter.input_seen();
  EXPECT_EQ(now().decision.state, ActivityState::active);
}

TEST_F(Arbiter, LockedWinsOverIdleAndActive) {
  arbiter.input_idle_since(clock.now());
  arbiter.set_session(SessionFacts{false, true, true, false}, clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::locked);
  arbiter.input_seen();
  EXPECT_EQ(now().decision.state, ActivityState::locked);
}

TEST_F(Arbiter, SwitchedAwayCountsAsLocked) {
  arbiter.set_session(SessionFacts{false, false, false, false}, clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::locked);
  EXPECT_EQ(now().decision.source, "session-inactive");
}

TEST_F(Arbiter, AsleepWinsOverEverything) {
  arbiter.set_session(SessionFacts{true, true, false, true}, clock.now());
  arbiter.set_screensaver_active(true, clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::asleep);
}

TEST_F(Arbiter, AnActiveScreenSaverCountsAsLocked) {
  arbiter.set_screensaver_active(true, clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::locked);
  EXPECT_EQ(now().decision.source, "screensaver");
}

TEST_F(Arbiter, AnInhibitorHoldsActiveWithoutInputAndIsTheDetail) {
  arbiter.set_inhibitors({{"logind", "firefox", "Playing video"}}, clock.now());
  const Instant last_input = clock.now();
  clock.advance(10min);
  arbiter.input_idle_since(last_input);
  EXPECT_EQ(now().decision.state, ActivityState::active);
  EXPECT_EQ(now().decision.source, "logind");
  EXPECT_EQ(now().decision.detail, "inhibitor: firefox (Playing video)");
}

TEST_F(Arbiter, AnInhibitorStopsCountingAtTheCap) {
  arbiter.set_inhibitors({{"gnome-session", "org.gnome.Totem", "Playing"}}, clock.now());
  const Instant last_input = clock.now();
  clock.advance(5min);
  arbiter.input_idle_since(last_input);
  EXPECT_EQ(arbiter.next_deadline(clock.now()), last_input.boot + 3h);
  clock.advance(3h - 5min);
  const auto state = now();
  EXPECT_EQ(state.decision.state, ActivityState::idle);
  EXPECT_EQ(state.since.boot, last_input.boot + 3h);
  EXPECT_NE(state.decision.detail.find("past the cap"), std::string::npos);
  EXPECT_FALSE(arbiter.next_deadline(clock.now()));
}

TEST_F(Arbiter, IdleAfterAnInhibitorGoesStartsAtItsReleaseNotAtTheLastInput) {
  arbiter.set_inhibitors({{"logind", "mpv", "video"}}, clock.now());
  const Instant last_input = clock.now();
  clock.advance(30min);
  arbiter.input_idle_since(last_input);
  const Instant released = clock.now();
  arbiter.set_inhibitors({}, released);
  EXPECT_EQ(now().decision.state, ActivityState::idle);
  EXPECT_EQ(now().since.boot, released.boot);
}

TEST_F(Arbiter, WithoutAnInputSourceIdleHintDecidesFromItsIdleSince) {
  arbiter.set_input_source("");
  const Instant since = clock.now();
  clock.advance(10min);
  arbiter.set_session(SessionFacts{false, false, true, true}, clock.now(), since);
  EXPECT_EQ(now().decision.state, ActivityState::idle);
  EXPECT_EQ(now().decision.source, "logind");
  EXPECT_EQ(now().since.boot, since.boot);
}

TEST_F(Arbiter, NoSourceAtAllIsUnknown) {
  arbiter.set_input_source("");
  arbiter.set_session(std::nullopt, clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::unknown);
}

TEST_F(Arbiter, InputSourceAloneDecidesWithoutASession) {
  arbiter.set_session(std::nullopt, clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::active);
  arbiter.input_idle_since(clock.now());
  EXPECT_EQ(now().decision.state, ActivityState::idle);
}

TEST_F(Arbiter, PresenceEndsAtTheLastInputOnceInputPausesForABreaksLength) {
  const Instant last_input = clock.now();
  clock.advance(20s);
  arbiter.input_paused(last_input);
  EXPECT_EQ(now().decision.state, ActivityState::active);  // not idle: the threshold is 5 min
  const auto presence = arbiter.presence(clock.now());
  EXPECT_FALSE(presence.present);
  EXPECT_EQ(presence.since.boot, last_input.boot);
  arbiter.input_seen();
  EXPECT_TRUE(arbiter.presence(clock.now()).present);
}

TEST_F(Arbiter, SomeoneWatchingAVideoIsPresentWithoutInput) {
  arbiter.set_inhibitors({{"logind", "firefox", "video"}}, clock.now());
  const Instant last_input = clock.now();
  clock.advance(30s);
  arbiter.input_paused(last_input);
  EXPECT_TRUE(arbiter.presence(clock.now()).present);
}

TEST_F(Arbiter, LockedIsAwaySinceTheLock) {
  SessionFacts facts;
  facts.locked = true;
  arbiter.set_session(facts, clock.now());
  clock.advance(1min);
  EXPECT_FALSE(arbiter.presence(clock.now()).present);
}

// An unlock with no input first (fingerprint, face, `loginctl unlock-session`): the input
// source still reports the last input before the lock, but idle cannot start before the unlock.
TEST_F(Arbiter, IdleAfterAnUnlockWithoutInputStartsAtTheUnlock) {
  const Instant last_input = clock.now();
  clock.advance(1min);
  arbiter.set_session(SessionFacts{false, true, true, false}, clock.now());
  clock.advance(4min);
  arbiter.input_paused(last_input);
  arbiter.input_idle_since(last_input);
  EXPECT_EQ(now().decision.state, ActivityState::locked);
  clock.advance(6min);
  const Instant unlocked = clock.now();
  arbiter.set_session(SessionFacts{}, unlocked);
  EXPECT_EQ(now().decision.state, ActivityState::idle);
  EXPECT_EQ(now().since.boot, unlocked.boot);
  const auto presence = arbiter.presence(clock.now());
  EXPECT_FALSE(presence.present);
  EXPECT_EQ(presence.since.boot, unlocked.boot);
}

TEST_F(Arbiter, IdleAfterAWakeOrTheScreenSaverStartsAtTheReturn) {
  const Instant last_input = clock.now();
  arbiter.set_session(SessionFacts{true, false, true, false}, clock.now());
  clock.advance(1h);
  arbiter.input_idle_since(last_input);
  const Instant woke = clock.now();
  arbiter.set_session(SessionFacts{}, woke);
  EXPECT_EQ(now().since.boot, woke.boot);

  arbiter.set_screensaver_active(true, clock.now());
  clock.advance(10min);
  const Instant saver_off = clock.now();
  arbiter.set_screensaver_active(false, saver_off);
  EXPECT_EQ(now().decision.state, ActivityState::idle);
  EXPECT_EQ(now().since.boot, saver_off.boot);
}

TEST_F(Arbiter, IdleBeforeALockStillStartsAtTheLastInput) {
  const Instant last_input = clock.now();
  clock.advance(5min);
  arbiter.input_idle_since(last_input);
  EXPECT_EQ(now().since.boot, last_input.boot);
  arbiter.set_session(SessionFacts{}, clock.now());  // no change of reach: nothing moves
  EXPECT_EQ(now().since.boot, last_input.boot);
}

TEST_F(Arbiter, TheInhibitorCapCountsFromTheUnlockToo) {
  arbiter.set_inhibitors({{"logind", "mpv", "video"}}, clock.now());
  const Instant last_input = clock.now();
  arbiter.set_session(SessionFacts{false, true, true, false}, clock.now());
  clock.advance(1h);
  arbiter.input_idle_since(last_input);
  const Instant unlocked = clock.now();
  arbiter.set_session(SessionFacts{}, unlocked);
  EXPECT_EQ(now().decision.state, ActivityState::active);
  EXPECT_EQ(arbiter.next_deadline(clock.now()), unlocked.boot + 3h);
}

}  // namespace
}  // namespace screentime::core
