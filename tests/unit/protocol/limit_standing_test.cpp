// What a consumer of limits.watch counts by itself between two pushes, and what only a push
// may change.

#include "daemon/protocol/limit_standing.hpp"

#include <gtest/gtest.h>

namespace screentime::protocol {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const WallTime kPushedAt = parse_iso8601("2026-11-24T18:00:00+01:00")->utc;

json standing(bool counting, json left, bool allowed_now, json hours_change_at) {
  return {
      {"used_today_seconds", 5400}, {"used_week_seconds", 19800},         {"left_seconds", left},
      {"allowed_now", allowed_now}, {"hours_change_at", hours_change_at}, {"counting", counting},
      {"reason", "daily"}};
}

TEST(LimitStanding, CountsOnlyWhileTheTimeCountsAndTheHoursStillRunOut) {
  struct Case {
    const char* scenario;
    json before;
    std::chrono::seconds elapsed;
    std::int64_t used_today, left;
    const char* reason;
  };
  const json evening = "2026-11-24T20:30:00+01:00";
  const Case cases[] = {
      {"counting: used rises, left falls", standing(true, 1800, true, nullptr), 60s, 5460, 1740,
       "daily"},
      {"locked: nothing moves", standing(false, 1800, true, nullptr), 600s, 5400, 1800, "daily"},
      {"counting past the end: left stops at zero", standing(true, 30, true, nullptr), 60s, 5460, 0,
       "daily"},
      {"locked, hours end before the allowance", standing(false, 9000, true, evening), 7200s, 5400,
       1800, "hours"},
      {"locked, hours end after the allowance", standing(false, 1800, true, evening), 60s, 5400,
       1800, "daily"},
      {"outside the allowed hours the next change is a start", standing(false, 0, false, evening),
       60s, 5400, 0, "daily"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.scenario);
    const json after = standing_after(c.before, c.elapsed, kPushedAt + c.elapsed);
    EXPECT_EQ(after["used_today_seconds"], c.used_today);
    EXPECT_EQ(after["used_week_seconds"], 19800 + (c.used_today - 5400));
    EXPECT_EQ(after["left_seconds"], c.left);
    EXPECT_EQ(after["reason"], c.reason);
  }
}

TEST(LimitStanding, NoLimitAndNoStandingStayAsTheyAre) {
  EXPECT_TRUE(standing_after(nullptr, 60s, kPushedAt).is_null());
  const json unbounded = standing(true, nullptr, true, nullptr);
  EXPECT_TRUE(standing_after(unbounded, 60s, kPushedAt)["left_seconds"].is_null());
}

TEST(LimitStanding, TheShapeIgnoresWhatTimeAloneChanges) {
  const json before = standing(true, 1800, true, nullptr);
  const json later = standing_after(before, 60s, kPushedAt + 60s);
  EXPECT_EQ(standing_shape(before), standing_shape(later));
  json locked = later;
  locked["counting"] = false;
  EXPECT_NE(standing_shape(before), standing_shape(locked));
  json granted = later;
  granted["granted_today_seconds"] = 1800;
  EXPECT_NE(standing_shape(before), standing_shape(granted));
  EXPECT_TRUE(standing_shape(nullptr).is_null());
}

}  // namespace
}  // namespace screentime::protocol
