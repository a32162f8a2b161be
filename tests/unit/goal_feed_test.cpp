// GoalFeed: history is read again only when the day or the counting changes.
#include "daemon/core/goal_feed.hpp"

#include <gtest/gtest.h>

namespace screentime::core {
namespace {

using namespace std::chrono_literals;

constexpr LocalDate kMonday{std::chrono::year{2026}, std::chrono::March, std::chrono::day{9}};
constexpr LocalDate kTuesday{std::chrono::year{2026}, std::chrono::March, std::chrono::day{10}};

class Goal : public ::testing::Test {
 protected:
  std::optional<GoalProgress> update(LocalDate day, bool counting) {
    return feed.update(day, counting, [this](LocalDate asked) {
      ++reads;
      return asked == kMonday ? monday_used : Duration{0};
    });
  }

  GoalFeed feed;
  Duration monday_used = 1h;
  int reads = 0;
};

TEST_F(Goal, TheFirstUpdateReadsTheDaysFigureFromHistory) {
  const auto progress = update(kMonday, true);
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->used, 1h);
  EXPECT_TRUE(progress->counting);
  EXPECT_EQ(progress->day, std::chrono::sys_days{kMonday}.time_since_epoch().count());
  EXPECT_EQ(reads, 1);
}

TEST_F(Goal, TheSameDayAndCountingReadsNothing) {
  update(kMonday, true);
  monday_used = 2h;  // the scheduler extends the figure by itself meanwhile
  EXPECT_FALSE(update(kMonday, true));
  EXPECT_EQ(reads, 1);
}

TEST_F(Goal, CountingStoppingOrStartingReadsAgain) {
  update(kMonday, true);
  monday_used = 1h + 20min;
  const auto stopped = update(kMonday, false);
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->used, 1h + 20min);
  EXPECT_FALSE(stopped->counting);
  EXPECT_TRUE(update(kMonday, true));
  EXPECT_EQ(reads, 3);
}

TEST_F(Goal, ANewDayReadsItsOwnFigure) {
  update(kMonday, true);
  const auto next = update(kTuesday, true);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->used, 0s);
  EXPECT_NE(next->day, std::chrono::sys_days{kMonday}.time_since_epoch().count());
}

TEST_F(Goal, ForgetReadsAgainOnTheNextUpdate) {
  update(kMonday, true);
  feed.forget();
  EXPECT_TRUE(update(kMonday, true));
  EXPECT_EQ(reads, 2);
}

}  // namespace
}  // namespace screentime::core
