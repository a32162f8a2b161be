// The usage views against golden files: a week across the spring DST change (2026-03-29 in
// Europe, a 23-hour day) with the day starting at 04:00, so the hours after midnight belong
// to the day before. SCREENTIME_UPDATE_GOLDEN=1 writes the files anew, to be read before
// they are committed.

#include "client/history_views.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace screentime::client {
namespace {

using nlohmann::json;

const std::string kGolden = SCREENTIME_SOURCE_DIR "/tests/unit/golden/";

json fixture(const std::string& name) {
  std::ifstream in(kGolden + name);
  return json::parse(in);
}

void expect_golden(const std::string& name, const std::string& text) {
  const std::string path = kGolden + name;
  if (std::getenv("SCREENTIME_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << text;
  std::ifstream in(path);
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(text, expected.str()) << "golden file " << name;
}

DaysFigures week() {
  return {fixture("usage_by_day.json"),
          fixture("breaks.json"),
          4 * 3600,
          fixture("intervals.json"),
          20,
          nullptr};
}

TEST(HistoryViews, DaysInEachFormatMatchTheGoldenFiles) {
  expect_golden("days.txt", days_text(week(), {}));
  expect_golden("days.csv", days_csv(week()));
  expect_golden("days.json", days_json(week()).dump(1) + "\n");
}

// A limited user: each day's allowance and extra time granted, as the system role's
// limits.usage gives them (no daily limit on the Saturday, over on the Monday).
TEST(HistoryViews, ALimitedUsersDaysShowTheLimitInEachFormat) {
  DaysFigures figures = week();
  figures.limits = fixture("limits_usage.json");
  expect_golden("days_limited.txt", days_text(figures, {}));
  expect_golden("days_limited.csv", days_csv(figures));
  expect_golden("days_limited.json", days_json(figures).dump(1) + "\n");
  const json days = days_json(figures)["days"];
  EXPECT_EQ(days[0]["limit_seconds"], 10800);
  EXPECT_EQ(days[0]["granted_seconds"], 3600);
  EXPECT_TRUE(days[2]["limit_seconds"].is_null());
  EXPECT_EQ(days_json(figures)["summary"]["days_over_limit"], 1);
}

TEST(HistoryViews, HoursInEachFormatMatchTheGoldenFiles) {
  const json usage = fixture("usage_by_hour.json");
  expect_golden("hours.txt", hours_text(usage, {}));
  expect_golden("hours.csv", hours_csv(usage));
  expect_golden("hours.json", hours_json(usage).dump(1) + "\n");
}

TEST(HistoryViews, TheSummarySaysTheBusiestDayTheBreaksAndTheGoal) {
  const json summary = days_json(week())["summary"];
  EXPECT_EQ(summary["active_seconds"], 14400 + 9000 + 16200 + 3600);
  EXPECT_EQ(summary["busiest_day"], "2026-03-29");
  EXPECT_EQ(summary["breaks_taken"], (3 + 8 + 1 + 2) + (2 + 9 + 2 + 1));
  EXPECT_EQ(summary["reminders_shown"], 14 + 4 + 16 + 5);
  EXPECT_EQ(summary["days_within_goal"], 4);  // 4h 30m on the 29th is over; 4h is not
}

TEST(HistoryViews, AStretchRunsAcrossPausesShorterThanABreak) {
  // 09:00-10:00 active, 10 s idle, active to 11:30, locked half an hour, active to 12:45.
  const auto longest = longest_stretch(fixture("intervals.json"), 20);
  ASSERT_TRUE(longest);
  EXPECT_EQ(longest->seconds, 9000);  // 2h 30m: the 10 s pause is no break
  EXPECT_EQ(longest->start, "2026-03-26T09:00:00.000+01:00");
  // Where 10 s is a break, the first hour and the hour and a half after it are apart.
  EXPECT_EQ(longest_stretch(fixture("intervals.json"), 10)->seconds, 5390);
  EXPECT_FALSE(longest_stretch(nullptr, 20));
  EXPECT_FALSE(longest_stretch(json::array(), 20));
}

TEST(HistoryViews, HoursAfterMidnightCountForTheDayThatStartedBefore) {
  const json map = hours_json(fixture("usage_by_hour.json"))["weekdays"];
  // 2026-03-29 is a Sunday: its 01:00 and 03:00 (after midnight, before the 04:00 day start)
  // are Sunday's, not Monday's.
  EXPECT_EQ(map[6]["weekday"], "sun");
  EXPECT_EQ(map[6]["active_seconds"][1], 1200);
  EXPECT_EQ(map[6]["active_seconds"][3], 2400);
  EXPECT_EQ(map[0]["active_seconds"][0], 600);  // Monday the 30th, 00:00
}

TEST(HistoryViews, RepliesWithFieldsLeftOutAreNoCrash) {
  const DaysFigures empty{json::object(), json::object(), std::nullopt, json::array(), 20, nullptr};
  EXPECT_NE(days_text(empty, {}).find("total"), std::string::npos);
  EXPECT_EQ(days_csv(empty).find('\n'), days_csv(empty).size() - 1) << "the header alone";
  EXPECT_EQ(hours_json(json::object())["weekdays"].size(), 7u);
  EXPECT_NE(hours_text(json::object(), {}).find("no active time"), std::string::npos);
}

TEST(HistoryViews, ColourOnlyWhenAskedAndNeverInTheGoldenText) {
  const auto plain = days_text(week(), {false});
  const auto coloured = days_text(week(), {true});
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[33m"), std::string::npos) << "the day over the goal";
}

}  // namespace
}  // namespace screentime::client
