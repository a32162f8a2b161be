// screentimectl pause --until: "HH:MM" is the next such local time, a date-time is local
// unless it carries an offset, anything else is refused before the daemon is asked.
#include "client/pause_time.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <optional>
#include <string>

#include "daemon/protocol/iso8601.hpp"

namespace {

using screentime::client::pause_until_argument;

// Stockholm's rules as a POSIX TZ string, so the test needs no tzdata: CET, CEST from the last
// Sunday of March 02:00 to the last Sunday of October 03:00.
constexpr const char* kStockholm = "CET-1CEST,M3.5.0,M10.5.0/3";

class PauseTime : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) saved_ = tz;
    setenv("TZ", kStockholm, 1);
    tzset();
  }
  void TearDown() override {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> saved_;
};

std::chrono::system_clock::time_point at(const char* iso) {
  const auto parsed = screentime::protocol::parse_iso8601(iso);
  EXPECT_TRUE(parsed) << iso;
  return parsed ? std::chrono::system_clock::time_point{parsed->utc.time_since_epoch()}
                : std::chrono::system_clock::time_point{};
}

struct Case {
  const char* scenario;
  const char* now;
  const char* text;
  std::optional<std::string> expected;
};

TEST_F(PauseTime, ResolvesEachForm) {
  const Case cases[] = {
      {"later today", "2026-11-24T10:00:00+01:00", "14:00", "2026-11-24T14:00:00+01:00"},
      {"passed today: tomorrow", "2026-11-24T15:00:00+01:00", "14:00", "2026-11-25T14:00:00+01:00"},
      {"exactly now: tomorrow", "2026-11-24T14:00:00+01:00", "14:00", "2026-11-25T14:00:00+01:00"},
      {"a minute ahead", "2026-11-24T13:59:00+01:00", "14:00", "2026-11-24T14:00:00+01:00"},
      {"across midnight", "2026-11-24T23:30:00+01:00", "00:15", "2026-11-25T00:15:00+01:00"},
      {"midnight itself", "2026-11-24T23:30:00+01:00", "00:00", "2026-11-25T00:00:00+01:00"},
      {"across a month and year end", "2026-12-31T22:00:00+01:00", "07:00",
       "2027-01-01T07:00:00+01:00"},
      {"tomorrow is summer time", "2026-03-28T20:00:00+01:00", "09:00",
       "2026-03-29T09:00:00+02:00"},
      {"tomorrow is winter time", "2026-10-24T20:00:00+02:00", "09:00",
       "2026-10-25T09:00:00+01:00"},
      {"one digit hour", "2026-11-24T08:00:00+01:00", "9:30", "2026-11-24T09:30:00+01:00"},
      {"local date-time", "2026-11-24T08:00:00+01:00", "2026-11-25T14:00",
       "2026-11-25T14:00:00+01:00"},
      {"local date-time in summer, seconds, space", "2026-11-24T08:00:00+01:00",
       "2026-07-01 08:15:30", "2026-07-01T08:15:30+02:00"},
      {"with an offset: as it is", "2026-11-24T08:00:00+01:00", "2026-11-25T14:00:00Z",
       "2026-11-25T14:00:00Z"},
      {"with another offset: as it is", "2026-11-24T08:00:00+01:00", "2026-11-25T14:00:00-05:00",
       "2026-11-25T14:00:00-05:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.scenario);
    EXPECT_EQ(pause_until_argument(c.text, at(c.now)), c.expected);
  }
}

TEST_F(PauseTime, RefusesWhatIsNotATime) {
  for (const char* text : {"", "24:00", "14:60", "14", "1400", "2pm", "14:00:00", " 14:00",
                           "14:00 ", "1h", "tomorrow", "2026-13-01T10:00", "2026-11-25T25:00",
                           "2026-11-25T14:00+01", "2026-11-25T14:00:61", "2026-11-25"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(pause_until_argument(text, at("2026-11-24T10:00:00+01:00")), std::nullopt);
  }
}

// 02:30 does not exist on the night clocks go forward: it comes out after now, in summer time.
TEST_F(PauseTime, SkippedLocalTimeStillComesLater) {
  const auto result = pause_until_argument("02:30", at("2026-03-29T01:00:00+01:00"));
  ASSERT_TRUE(result);
  const auto parsed = screentime::protocol::parse_iso8601(*result);
  ASSERT_TRUE(parsed) << *result;
  EXPECT_GT(std::chrono::system_clock::time_point{parsed->utc.time_since_epoch()},
            at("2026-03-29T01:00:00+01:00"))
      << *result;
  EXPECT_TRUE(result->starts_with("2026-03-29T")) << *result;
}

}  // namespace
