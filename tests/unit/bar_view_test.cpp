// One line for a status bar from the daemon's messages, counted on between them: what it says,
// and when it next says something else.

#include "client/bar_view.hpp"

#include <gtest/gtest.h>

namespace screentime::client {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const BarClock::time_point kStart{};
const protocol::WallTime kWall = protocol::parse_iso8601("2026-11-24T18:00:00+01:00")->utc;

json status(const std::string& state, std::int64_t active, std::int64_t eye_due_in) {
  return {{"state", state},
          {"since", "2026-11-24T17:00:00+01:00"},
          {"today", {{"active_seconds", active}}},
          {"breaks",
           {{"timers", {{{"kind", "eye"}, {"enabled", true}, {"due_in_seconds", eye_due_in}}}},
            {"visible", nullptr},
            {"holds", json::array()},
            {"paused_until", nullptr}}},
          {"limits", nullptr}};
}

TEST(BarView, CountsTheDayAndTheNextBreakWhileActiveOnly) {
  struct Case {
    const char* scenario;
    std::string state;
    std::chrono::seconds later;
    const char* text;
    std::optional<std::chrono::seconds> next_change;
  };
  const Case cases[] = {
      {"as said", "active", 0s, "2h 05m · break in 12m", 1s},
      {"a minute of use later", "active", 60s, "2h 06m · break in 11m", 1s},
      {"locked: nothing moves, nothing to wake for", "locked", 600s, "2h 05m · break in 12m",
       std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.scenario);
    BarView view(std::nullopt);
    view.take_status(status(c.state, 7500, 720), kStart);
    const auto line = view.line(kStart + c.later, kWall + c.later);
    EXPECT_EQ(line.text, c.text);
    EXPECT_EQ(line.classes.front(), c.state);
    EXPECT_EQ(view.next_change(kStart + c.later, kWall + c.later), c.next_change);
  }
}

TEST(BarView, WakesWhenTheShownMinuteChangesNotEverySecond) {
  BarView view(std::nullopt);
  view.take_status(status("active", 7530, 750), kStart);  // 2h 05m 30s; 12m 30s to go
  // The total shows 2h 06m in 30 s; the countdown shows 11m in 31 s.
  EXPECT_EQ(view.next_change(kStart, kWall), 30s);
  view.take_status(status("active", 7500, 45), kStart);  // under a minute: seconds are shown
  EXPECT_EQ(view.next_change(kStart, kWall), 1s);
}

TEST(BarView, EventsReplaceWhatTheyCarryAndAStateChangeStopsTheCount) {
  BarView view(std::nullopt);
  view.take_status(status("active", 7500, 720), kStart);
  view.take_event({{"event", "breaks"}, {"breaks", status("active", 0, 1200)["breaks"]}},
                  kStart + 120s);
  EXPECT_EQ(view.line(kStart + 120s, kWall + 120s).text, "2h 07m · break in 20m");
  view.take_event({{"event", "state"},
                   {"state", "idle"},
                   {"since", "2026-11-24T18:02:00+01:00"},
                   {"today", {{"active_seconds", 7620}}}},
                  kStart + 120s);
  EXPECT_EQ(view.line(kStart + 900s, kWall + 900s).text, "2h 07m · break in 20m");
  EXPECT_EQ(view.line(kStart + 900s, kWall + 900s).classes.front(), "idle");
}

TEST(BarView, ALimitShowsItsTimeLeftItsShareAndItsUrgency) {
  BarView view(std::nullopt);
  json with_limit = status("active", 7500, 720);
  with_limit["limits"] = {{"used_today_seconds", 6900},
                          {"daily_seconds", 7200},
                          {"left_seconds", 300},
                          {"allowed_now", true},
                          {"hours_change_at", nullptr},
                          {"counting", true},
                          {"over", false},
                          {"reason", "daily"}};
  view.take_status(with_limit, kStart);
  auto line = view.line(kStart + 1s, kWall + 1s);
  EXPECT_EQ(line.text, "2h 05m · break in 11m · 4m left");
  EXPECT_EQ(line.percentage, 95);
  EXPECT_EQ(line.classes, (std::vector<std::string>{"active", "limit-low"}));
  with_limit["limits"]["over"] = true;
  view.take_event({{"event", "limits"}, {"limits", with_limit["limits"]}}, kStart + 300s);
  line = view.line(kStart + 300s, kWall + 300s);
  EXPECT_NE(line.text.find("time is up"), std::string::npos) << line.text;
  EXPECT_EQ(line.classes.back(), "limit-over");
}

TEST(BarView, WithoutALimitTheShareIsOfTheDailyGoal) {
  BarView view(4 * 3600);
  view.take_status(status("active", 7200, 720), kStart);
  EXPECT_EQ(view.line(kStart, kWall).percentage, 50);
  BarView no_goal(std::nullopt);
  no_goal.take_status(status("active", 7200, 720), kStart);
  EXPECT_FALSE(no_goal.line(kStart, kWall).percentage);
}

// An older daemon, or one that leaves a field out: the line says less, and nothing breaks.
TEST(BarView, FieldsLeftOutAreNoCrash) {
  BarView view(3600);
  view.take_status({{"state", "active"}}, kStart);
  view.take_event({{"event", "breaks"}, {"breaks", {{"visible", {{"kind", "eye"}}}}}}, kStart);
  view.take_event({{"event", "limits"}, {"limits", {{"over", false}}}}, kStart);
  view.take_event({{"event", "surprise"}}, kStart);
  const auto line = view.line(kStart + 5s, kWall + 5s);
  EXPECT_EQ(line.text, "5s");  // counted on from nothing while active
  EXPECT_EQ(view.next_change(kStart + 5s, kWall + 5s), 1s);
}

TEST(BarView, EachFormatSaysTheSameLine) {
  const BarLine line{
      "2h 05m · break due", "Screen time today: 2h 05m", {"active", "break-due"}, 52};
  const auto waybar = json::parse(format_bar(line, "waybar", false));
  EXPECT_EQ(waybar["text"], "2h 05m · break due");
  EXPECT_EQ(waybar["tooltip"], "Screen time today: 2h 05m");
  EXPECT_EQ(waybar["class"], json({"active", "break-due"}));
  EXPECT_EQ(waybar["percentage"], 52);
  EXPECT_EQ(format_bar(line, "i3blocks", false), "2h 05m · break due\n2h 05m\n#e06c75");
  EXPECT_EQ(format_bar(line, "i3blocks", true), "2h 05m · break due");
  EXPECT_EQ(format_bar(line, "polybar", true), "%{F#e06c75}2h 05m · break due%{F-}");
  EXPECT_EQ(format_bar(line, "plain", true), "2h 05m · break due");
}

}  // namespace
}  // namespace screentime::client
