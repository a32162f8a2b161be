// Day attribution: local days split at "day starts at", DST days of 23 h and 25 h, hours.
#include "daemon/core/day_attribution.hpp"

#include <gtest/gtest.h>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;

Interval interval(ActivityState state, WallTime start, Duration duration, UtcOffset offset) {
  return Interval{state, start, duration, offset, "test", ""};
}

TEST(DayAttribution, MidnightSplitsWhenTheDayStartsAtMidnight) {
  // 23:00-01:00 local (+01:00).
  const std::vector<Interval> intervals = {
      interval(ActivityState::active, utc(2026, 11, 23, 22), 2h, 1h)};
  const auto days = totals_per_day(intervals, date(2026, 11, 23), date(2026, 11, 24), DayStart{0});
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].totals[ActivityState::active], 1h);
  EXPECT_EQ(days[1].totals[ActivityState::active], 1h);
}

TEST(DayAttribution, HalfPastOneAtNightCountsForTheEveningBefore) {
  // 01:30-02:00 local on the 24th belongs to the 23rd with the default 04:00 day start.
  const std::vector<Interval> intervals = {
      interval(ActivityState::active, utc(2026, 11, 24, 0, 30), 30min, 1h)};
  const auto days =
      totals_per_day(intervals, date(2026, 11, 23), date(2026, 11, 24), kDefaultDayStart);
  EXPECT_EQ(days[0].totals[ActivityState::active], 30min);
  EXPECT_EQ(days[1].totals.total(), 0s);
  EXPECT_EQ(attributed_day(utc(2026, 11, 24, 0, 30), 1h, kDefaultDayStart), date(2026, 11, 23));
  EXPECT_EQ(attributed_day(utc(2026, 11, 24, 3), 1h, kDefaultDayStart), date(2026, 11, 24));
}

TEST(DayAttribution, SplitsAtTheDayStartToTheSecond) {
  // 03:59:59 to 04:00:01 local.
  const std::vector<Interval> intervals = {
      interval(ActivityState::idle, utc(2026, 11, 24, 2, 59, 59), 2s, 1h)};
  const auto days =
      totals_per_day(intervals, date(2026, 11, 23), date(2026, 11, 24), kDefaultDayStart);
  EXPECT_EQ(days[0].totals[ActivityState::idle], 1s);
  EXPECT_EQ(days[1].totals[ActivityState::idle], 1s);
}

TEST(DayAttribution, ChangingTheDayStartReattributesHistory) {
  const std::vector<Interval> intervals = {
      interval(ActivityState::active, utc(2026, 11, 24, 0, 30), 1h, 1h)};  // 01:30-02:30
  const auto at_four =
      totals_per_day(intervals, date(2026, 11, 23), date(2026, 11, 24), DayStart{4h});
  const auto at_two =
      totals_per_day(intervals, date(2026, 11, 23), date(2026, 11, 24), DayStart{2h});
  EXPECT_EQ(at_four[0].totals[ActivityState::active], 1h);
  EXPECT_EQ(at_two[0].totals[ActivityState::active], 30min);
  EXPECT_EQ(at_two[1].totals[ActivityState::active], 30min);
}

TEST(DayAttribution, EachIntervalUsesTheOffsetItWasLivedIn) {
  // 23:30 UTC: 00:30 on the 24th in Stockholm, 18:30 on the 23rd in New York.
  const std::vector<Interval> intervals = {
      interval(ActivityState::active, utc(2026, 11, 23, 23, 30), 10min, 1h),
      interval(ActivityState::locked, utc(2026, 11, 23, 23, 30), 20min, -5h)};
  const auto days = totals_per_day(intervals, date(2026, 11, 23), date(2026, 11, 24), DayStart{0});
  EXPECT_EQ(days[1].totals[ActivityState::active], 10min);
  EXPECT_EQ(days[0].totals[ActivityState::locked], 20min);
}

TEST(DayAttribution, SuspendAcrossMidnight) {
  FakeClock clock{utc(2026, 11, 24, 21), stockholm()};  // 22:00 local
  Accountant accountant(clock, "boot-a");
  Recorder recorded;
  accountant.start(clock.now(), std::nullopt);
  recorded.add(accountant.change_state(clock.now(), ActivityState::asleep, "logind"));
  clock.suspend(9h);
  recorded.add(accountant.change_state(clock.now(), ActivityState::active, "logind"));
  const auto days =
      totals_per_day(recorded.intervals, date(2026, 11, 24), date(2026, 11, 25), DayStart{0});
  EXPECT_EQ(days[0].totals[ActivityState::asleep], 2h);
  EXPECT_EQ(days[1].totals[ActivityState::asleep], 7h);
}

// A week of continuous accounting through a DST change, as the daemon would record it: one
// state change every 37 minutes, cycling through states.
std::vector<Interval> continuous_week(WallTime from) {
  FakeClock clock{from, stockholm()};
  Accountant accountant(clock, "boot-a");
  Recorder recorded;
  accountant.start(clock.now(), std::nullopt);
  int i = 0;
  while (clock.now().wall < from + std::chrono::days{7}) {
    const auto state = kAllActivityStates[static_cast<std::size_t>(i++ % 4)];
    recorded.add(accountant.change_state(clock.now(), state, "test"));
    clock.advance(37min);
  }
  recorded.add(accountant.stop(clock.now()));
  return recorded.intervals;
}

struct DstDayCase {
  const char* name;
  WallTime week_from;
  DayStart day_start;
  LocalDate odd_day;
  Duration odd_length;
};

class DstDays : public ::testing::TestWithParam<DstDayCase> {};

TEST_P(DstDays, HaveTheirRealLength) {
  const auto& param = GetParam();
  const auto intervals = continuous_week(param.week_from);
  const auto days =
      totals_per_day(intervals, date(2026, 1, 1), date(2026, 12, 31), param.day_start);
  int full_days = 0;
  for (const auto& day : days) {
    if (day.day == param.odd_day) {
      EXPECT_EQ(day.totals.total(), param.odd_length);
    } else if (day.totals.total() == 24h) {
      ++full_days;
    }
  }
  EXPECT_GE(full_days, 5);  // the first and last days are partial
}

INSTANTIATE_TEST_SUITE_P(Stockholm, DstDays,
                         ::testing::Values(DstDayCase{"SpringMidnight", utc(2026, 3, 26),
                                                      DayStart{0}, date(2026, 3, 29), 23h},
                                           DstDayCase{"SpringFourOClock", utc(2026, 3, 26),
                                                      kDefaultDayStart, date(2026, 3, 28), 23h},
                                           DstDayCase{"AutumnMidnight", utc(2026, 10, 22),
                                                      DayStart{0}, date(2026, 10, 25), 25h},
                                           DstDayCase{"AutumnFourOClock", utc(2026, 10, 22),
                                                      kDefaultDayStart, date(2026, 10, 24), 25h}),
                         [](const auto& case_info) { return std::string(case_info.param.name); });

TEST(HourAttribution, TheRepeatedAutumnHourLandsInOneClockHour) {
  const auto intervals = continuous_week(utc(2026, 10, 22));
  const auto hours =
      totals_per_hour(intervals, date(2026, 10, 25), date(2026, 10, 25), DayStart{0});
  ASSERT_EQ(hours.size(), 24u);
  EXPECT_EQ(hours[0].hour, 0);
  EXPECT_EQ(hours[2].totals.total(), 2h);
  EXPECT_EQ(hours[3].totals.total(), 1h);
}

TEST(HourAttribution, HoursRunFromTheDayStart) {
  const std::vector<Interval> intervals = {
      interval(ActivityState::active, utc(2026, 11, 24, 0, 30), 1h, 1h)};  // 01:30-02:30
  const auto hours =
      totals_per_hour(intervals, date(2026, 11, 23), date(2026, 11, 23), kDefaultDayStart);
  ASSERT_EQ(hours.size(), 24u);
  EXPECT_EQ(hours[0].hour, 4);
  EXPECT_EQ(hours[21].hour, 1);
  EXPECT_EQ(hours[21].totals[ActivityState::active], 30min);
  EXPECT_EQ(hours[22].totals[ActivityState::active], 30min);
}

TEST(DayAttribution, UtcRangeOfDaysCoversEveryOffset) {
  const auto [from, to] = utc_range_of_days(date(2026, 11, 24), date(2026, 11, 24), DayStart{0});
  EXPECT_EQ(from, utc(2026, 11, 23, 10));  // midnight at +14:00
  EXPECT_EQ(to, utc(2026, 11, 25, 12));    // next midnight at -12:00
}

TEST(DayAttribution, EmptyOrReversedRangeGivesNothing) {
  EXPECT_TRUE(totals_per_day({}, date(2026, 11, 24), date(2026, 11, 23), DayStart{0}).empty());
  EXPECT_EQ(totals_per_day({}, date(2026, 11, 24), date(2026, 11, 24), DayStart{0}).size(), 1u);
}

TEST(LocalDayBegins, AtTheDayStartWithTheOffsetInForceThen) {
  const auto zone = stockholm();
  const auto offset_at = [&](WallTime at) { return zone->utc_offset(at); };
  // A winter day: 04:00 CET.
  EXPECT_EQ(local_day_begins(date(2026, 1, 15), 4h, offset_at), utc(2026, 1, 15, 3));
  // The night before a spring change: 04:00 CEST, an hour earlier in UTC than in winter.
  EXPECT_EQ(local_day_begins(date(2026, 3, 29), 4h, offset_at), utc(2026, 3, 29, 2));
  // The night before an autumn change: 04:00 CET.
  EXPECT_EQ(local_day_begins(date(2026, 10, 25), 4h, offset_at), utc(2026, 10, 25, 3));
  // A day start in the repeated hour (02:30, twice): the first.
  EXPECT_EQ(local_day_begins(date(2026, 10, 25), 150min, offset_at), utc(2026, 10, 25, 0, 30));
  // A day start in the skipped hour (02:30 never comes): when the clock jumps, 03:00 CEST.
  EXPECT_EQ(local_day_begins(date(2026, 3, 29), 150min, offset_at), utc(2026, 3, 29, 1));
  // Midnight, as `forget --before` uses with a day start of 00:00.
  EXPECT_EQ(local_day_begins(date(2026, 7, 1), 0min, offset_at), utc(2026, 6, 30, 22));
}

}  // namespace
}  // namespace screentime::core
