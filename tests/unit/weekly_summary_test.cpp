// WeeklySummary: last week's summary at the first active moment of a week, once.
#include "daemon/core/weekly_summary.hpp"

#include <gtest/gtest.h>

#include <map>

namespace screentime::core {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;

constexpr LocalDate date(int month, int day) {
  return LocalDate{std::chrono::year{2026}, std::chrono::month{static_cast<unsigned>(month)},
                   std::chrono::day{static_cast<unsigned>(day)}};
}

// History as the store would give it: active time per day.
class Weekly : public ::testing::Test {
 protected:
  std::optional<WeekSummary> active_on(LocalDate today) {
    return summary.on_active(today, [this](LocalDate first, LocalDate last) {
      ++reads;
      Duration total{};
      for (sys_days day{first}; day <= sys_days{last}; day += std::chrono::days{1}) {
        if (const auto found = used.find(LocalDate{day}); found != used.end()) {
          total += found->second;
        }
      }
      return total;
    });
  }

  WeeklySummary summary;
  std::map<LocalDate, Duration> used = {{date(11, 16), 2h},
                                        {date(11, 20), 3h},  // the week before last
                                        {date(11, 23), 4h},
                                        {date(11, 25), 90min},
                                        {date(11, 29), 1h}};  // last week
  int reads = 0;
};

TEST(MondayOf, EachDayOfAWeekHasItsMonday) {
  for (int day = 23; day <= 29; ++day) EXPECT_EQ(monday_of(date(11, day)), date(11, 23)) << day;
  EXPECT_EQ(monday_of(date(11, 30)), date(11, 30));
  EXPECT_EQ(
      monday_of(LocalDate{std::chrono::year{2027}, std::chrono::January, std::chrono::day{1}}),
      date(12, 28));
}

TEST_F(Weekly, TheFirstActiveMomentOfAWeekGivesLastWeekAgainstTheWeekBefore) {
  const auto given = active_on(date(11, 30));
  ASSERT_TRUE(given);
  EXPECT_EQ(given->week, date(11, 23));
  EXPECT_EQ(given->active, 6h + 30min);
  EXPECT_EQ(given->week_before, 5h);
}

TEST_F(Weekly, OnceAWeekAndTheHistoryIsReadOnlyOnceThatWeek) {
  ASSERT_TRUE(active_on(date(11, 30)));
  const int after_first = reads;
  used[date(12, 2)] = 1h;
  EXPECT_FALSE(active_on(date(11, 30)));
  EXPECT_FALSE(active_on(date(12, 2)));
  EXPECT_FALSE(active_on(date(12, 6)));
  EXPECT_EQ(reads, after_first);
  const auto next = active_on(date(12, 7));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->active, 1h);
  EXPECT_EQ(next->week_before, 6h + 30min);
}

TEST_F(Weekly, AWeekAlreadyInUseWhenTheRunStartsHasHadItsMoment) {
  used[date(11, 30)] = 20min;  // used on Monday before a restart
  EXPECT_FALSE(active_on(date(12, 1)));
}

TEST_F(Weekly, AWeekWithoutUseGivesNoSummary) {
  used.erase(date(11, 23));
  used.erase(date(11, 25));
  used.erase(date(11, 29));
  EXPECT_FALSE(active_on(date(11, 30)));
}

TEST_F(Weekly, TheDayStartDecidesWhenMondayBeginsAcrossTheSpringChange) {
  // Europe: the clocks go forward on Sunday 2026-03-29. With the day starting at 04:00,
  // Monday 03:30 (+02:00) is still Sunday's; the week turns at 04:00.
  used = {{date(3, 24), 2h}};
  const WallTime monday_0330{sys_days{date(3, 30)} + 1h + 30min};  // 03:30 +02:00 in UTC
  const UtcOffset summer{2h};
  EXPECT_EQ(attributed_day(monday_0330, summer, kDefaultDayStart), date(3, 29));
  EXPECT_FALSE(active_on(attributed_day(monday_0330, summer, kDefaultDayStart)));
  const WallTime monday_0400 = monday_0330 + 30min;
  EXPECT_EQ(attributed_day(monday_0400, summer, kDefaultDayStart), date(3, 30));
  const auto given = active_on(attributed_day(monday_0400, summer, kDefaultDayStart));
  ASSERT_TRUE(given);
  EXPECT_EQ(given->week, date(3, 23));
  EXPECT_EQ(given->active, 2h);
}

}  // namespace
}  // namespace screentime::core
