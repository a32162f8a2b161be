// ReminderChoice's holds: their names are on the wire (status `holds`, held_back and withdrawn
// events), and status lists them strongest first.
#include "daemon/core/reminder_choice.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace std::chrono_literals;
using testing::utc;

TEST(ReminderHoldNames, AreTheWireNames) {
  const std::pair<ReminderHold, std::string_view> kNames[] = {
      {ReminderHold::away, "away"},
      {ReminderHold::paused, "paused"},
      {ReminderHold::do_not_disturb, "do-not-disturb"},
      {ReminderHold::presenting, "presenting"},
      {ReminderHold::gap, "gap"},
  };
  for (const auto& [hold, name] : kNames) EXPECT_EQ(to_string(hold), name);
}

TEST(ReminderChoiceHolds, EveryHoldStrongestFirstAndAPauseOnlyUntilItEnds) {
  FakeClock clock(utc(2026, 3, 10, 9));
  const BreakSettings settings;
  BreakEventLog log;
  ReminderChoice choice(settings, log);
  EXPECT_TRUE(choice.holds(clock.now(), true).empty());
  choice.set_presenting(true);
  choice.set_do_not_disturb(true);
  choice.pause_until(clock.now().wall + 10min);
  EXPECT_EQ(choice.holds(clock.now(), false),
            (std::vector<ReminderHold>{ReminderHold::away, ReminderHold::paused,
                                       ReminderHold::do_not_disturb, ReminderHold::presenting}));
  clock.advance(10min);
  EXPECT_EQ(choice.paused_until(clock.now()), std::nullopt);
  EXPECT_EQ(choice.holds(clock.now(), true),
            (std::vector<ReminderHold>{ReminderHold::do_not_disturb, ReminderHold::presenting}));
}

}  // namespace
}  // namespace screentime::core
