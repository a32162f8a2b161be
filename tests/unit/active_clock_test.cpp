// ActiveClock: active time runs only while present; away spells and suspends, noticed late,
// are backdated to when they began. Every figure to the millisecond, on FakeClock.
#include "daemon/core/active_clock.hpp"

#include <gtest/gtest.h>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace std::chrono_literals;
using testing::utc;

class ActiveClockTest : public ::testing::Test {
 protected:
  ActiveClockTest() : fake_(utc(2026, 3, 10, 9)), clock_(fake_.now()) {}

  Duration active() const { return clock_.at(fake_.now()); }

  FakeClock fake_;
  ActiveClock clock_;
};

TEST_F(ActiveClockTest, RunsWhilePresentAndStandsStillWhileAway) {
  fake_.advance(5min);
  EXPECT_EQ(active(), 5min);
  clock_.leave(fake_.now(), fake_.now());
  fake_.advance(10min);
  EXPECT_FALSE(clock_.present());
  EXPECT_EQ(active(), 5min);
  EXPECT_EQ(clock_.come_back(fake_.now()), 10min);
  fake_.advance(1min);
  EXPECT_EQ(active(), 6min);
}

// Away is noticed only after a threshold without input; `since` is the last input. The time
// between it and the notice was counted as worked, so it is taken back, but never from before
// the user last came back (a stale `since`) and never from the future.
struct BackdateCase {
  const char* name;
  Duration since;     // the last input, after start (the user came back at 10 min)
  Duration active;    // active time once away is noticed at 15 min
  Duration away_for;  // what come_back() says at 20 min
};
void PrintTo(const BackdateCase& c, std::ostream* out) { *out << c.name; }

class ActiveClockBackdating : public ::testing::TestWithParam<BackdateCase> {};

TEST_P(ActiveClockBackdating, TakesBackTheTimeSinceTheLastInput) {
  const BackdateCase& c = GetParam();
  FakeClock fake(utc(2026, 3, 10, 9));
  const Instant start = fake.now();
  ActiveClock clock(start);
  fake.advance(5min);
  clock.leave(fake.now(), fake.now());
  fake.advance(5min);
  clock.come_back(fake.now());  // back at 10 min, 5 min worked
  fake.advance(5min);
  const Instant since{start.wall + c.since, start.boot + c.since, start.monotonic + c.since};
  clock.leave(since, fake.now());
  EXPECT_EQ(clock.at(fake.now()), c.active);
  fake.advance(5min);
  EXPECT_EQ(clock.come_back(fake.now()), c.away_for);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ActiveClockBackdating,
    ::testing::Values(BackdateCase{"NoticedAtOnce", 15min, 10min, 5min},
                      BackdateCase{"InputStoppedTwoMinutesEarlier", 13min, 8min, 7min},
                      BackdateCase{"LastInputBeforeComingBackCountsFromComingBack", 7min, 5min,
                                   10min},
                      BackdateCase{"LastInputInTheFutureIsNow", 16min, 10min, 5min}),
    [](const auto& param) { return std::string(param.param.name); });

TEST_F(ActiveClockTest, AnUnannouncedSuspendIsAwayFromWhenItBegan) {
  fake_.advance(10min);
  fake_.suspend(30min);
  ASSERT_TRUE(clock_.notice_sleep(fake_.now()));
  EXPECT_FALSE(clock_.present());
  EXPECT_EQ(active(), 10min);
  EXPECT_EQ(clock_.come_back(fake_.now()), 30min);
  EXPECT_FALSE(clock_.notice_sleep(fake_.now()));  // seen once
}

// Noticed only at the first event after waking: the time awake since the last look is placed
// before the suspend (it cannot be told apart), so it is worked, and the suspend is away.
TEST_F(ActiveClockTest, AnUnannouncedSuspendNoticedLateKeepsTheTimeAwake) {
  fake_.advance(10min);
  fake_.suspend(30min);
  fake_.advance(1min);
  ASSERT_TRUE(clock_.notice_sleep(fake_.now()));
  EXPECT_EQ(active(), 11min);
  EXPECT_EQ(clock_.come_back(fake_.now()), 30min);
}

TEST_F(ActiveClockTest, ASuspendWhileAwayIsPartOfTheAwaySpell) {
  fake_.advance(10min);
  clock_.leave(fake_.now(), fake_.now());
  fake_.suspend(30min);
  EXPECT_FALSE(clock_.notice_sleep(fake_.now()));  // come_back() measures it all
  EXPECT_EQ(clock_.come_back(fake_.now()), 30min);
  EXPECT_EQ(active(), 10min);
}

}  // namespace
}  // namespace screentime::core
