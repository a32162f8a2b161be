// ISO 8601 moments and duration texts: what people type and read.
#include <gtest/gtest.h>

#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::protocol {
namespace {

using namespace std::chrono_literals;

WallTime utc(int year, unsigned month, unsigned day, int hour = 0) {
  return WallTime{std::chrono::sys_days{std::chrono::year{year} / month / day}} +
         std::chrono::hours{hour};
}

LocalDate date(int year, unsigned month, unsigned day) {
  return std::chrono::year{year} / month / day;
}

TEST(Iso8601, ParsesOffsetsAndMilliseconds) {
  const auto at = parse_iso8601("2026-03-29T03:00:00.250+02:00");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->utc, utc(2026, 3, 29, 1) + 250ms);
  EXPECT_EQ(at->offset, 2h);
  EXPECT_EQ(parse_iso8601("2026-11-24T09:00:00Z")->utc, utc(2026, 11, 24, 9));
  EXPECT_EQ(parse_iso8601("2026-11-24T04:00:00-05:00")->utc, utc(2026, 11, 24, 9));
  EXPECT_EQ(parse_iso8601("2026-11-24T14:30:00+05:30")->utc, utc(2026, 11, 24, 9));
}

TEST(Iso8601, RejectsWhatIsNotAMomentWithOffset) {
  for (const char* bad :
       {"", "2026-11-24", "2026-11-24T09:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-11-24T24:00:00Z", "2026-11-24T09:00Z", "2026-11-24T09:00:00+1",
        "2026-11-24T09:00:00.5Z", "2026-11-24T09:00:00Zjunk"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Iso8601, FormatsRoundTrip) {
  for (const char* text : {"2026-03-29T03:00:00+02:00", "2026-11-24T09:00:00.007+01:00",
                           "1999-12-31T23:59:59-09:30", "2026-06-01T00:00:00+00:00"}) {
    const auto at = parse_iso8601(text);
    ASSERT_TRUE(at) << text;
    EXPECT_EQ(format_iso8601(at->utc, at->offset), text);
  }
}

TEST(Iso8601, Dates) {
  EXPECT_EQ(parse_iso_date("2026-02-28"), date(2026, 2, 28));
  EXPECT_FALSE(parse_iso_date("2026-02-29"));
  EXPECT_FALSE(parse_iso_date("2026-2-28"));
  EXPECT_EQ(format_iso_date(date(2026, 3, 9)), "2026-03-09");
}

TEST(TimeOfDay, ParsesHoursAndMinutes) {
  EXPECT_EQ(parse_time_of_day("04:00"), 4h);
  EXPECT_EQ(parse_time_of_day("23:59"), 23h + 59min);
  for (const char* bad : {"24:00", "4:00", "04:60", "04:00:00", "", "ab:cd"}) {
    EXPECT_FALSE(parse_time_of_day(bad)) << bad;
  }
}

TEST(DurationText, ParsesUnitsInDecreasingOrder) {
  EXPECT_EQ(parse_duration("20s"), 20s);
  EXPECT_EQ(parse_duration("20m"), 20min);
  EXPECT_EQ(parse_duration("1h30m"), 90min);
  EXPECT_EQ(parse_duration("500ms"), 500ms);
  EXPECT_EQ(parse_duration("2d"), 48h);
  EXPECT_EQ(parse_duration("1m30s250ms"), 90s + 250ms);
  EXPECT_EQ(parse_duration("0s"), 0s);
}

TEST(DurationText, RejectsAmbiguousOrMalformedText) {
  for (const char* bad : {"", "20", "m", "1h1h", "30m1h", "1.5h", "-5m", "5 m", "5min", "1x",
                          "99999999999999999999d"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

TEST(DurationText, FormatsTheShortestText) {
  EXPECT_EQ(format_duration(90min), "1h30m");
  EXPECT_EQ(format_duration(0s), "0s");
  EXPECT_EQ(format_duration(25h + 1s), "1d1h1s");
  EXPECT_EQ(format_duration(1500ms), "1s500ms");
}

}  // namespace
}  // namespace screentime::protocol
