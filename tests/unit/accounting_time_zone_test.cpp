// Accountant across DST changes and time-zone changes: offsets split intervals, never
// durations.
#include <gtest/gtest.h>

#include "daemon/core/accounting.hpp"
#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;
using Kind = AccountingNote::Kind;

TEST(AccountingTimeZone, LockedThroughSpringForwardIsSplitAtTheChange) {
  // 00:30 CET on 29 March 2026 until 05:00 CEST: 3.5 real hours.
  FakeClock clock{utc(2026, 3, 28, 23, 30), stockholm()};
  Accountant accountant(clock, "boot-a");
  Recorder recorded;
  accountant.start(clock.now(), std::nullopt);
  recorded.add(accountant.change_state(clock.now(), ActivityState::locked, "logind"));
  clock.advance(3h + 30min);
  recorded.add(accountant.change_state(clock.now(), ActivityState::active, "logind"));

  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].utc_offset, 1h);
  EXPECT_EQ(recorded.intervals[0].duration, 1h + 30min);
  EXPECT_EQ(recorded.intervals[1].start, utc(2026, 3, 29, 1));
  EXPECT_EQ(recorded.intervals[1].utc_offset, 2h);
  EXPECT_EQ(recorded.intervals[1].duration, 2h);
  EXPECT_EQ(recorded.total(ActivityState::locked), 3h + 30min);
}

TEST(AccountingTimeZone, ActiveThroughFallBackKeepsTheOpenIntervalOffsetCurrent) {
  FakeClock clock{utc(2026, 10, 25, 0, 30), stockholm()};  // 02:30 CEST
  Accountant accountant(clock, "boot-a");
  Recorder recorded;
  accountant.start(clock.now(), std::nullopt);
  recorded.add(accountant.change_state(clock.now(), ActivityState::active, "x11"));
  clock.advance(1h);  // 02:30 CET: the hour repeats
  recorded.add(accountant.observe(clock.now()));
  EXPECT_TRUE(recorded.noted(Kind::utc_offset_changed));
  EXPECT_EQ(accountant.open_interval(clock.now())->utc_offset, 1h);
  clock.advance(30min);
  recorded.add(accountant.stop(clock.now()));
  EXPECT_EQ(recorded.total(ActivityState::active), 1h + 30min);
  ASSERT_EQ(recorded.intervals.size(), 3u);
  EXPECT_EQ(recorded.intervals[0].utc_offset, 2h);
  EXPECT_EQ(recorded.intervals[0].duration, 30min);
  EXPECT_EQ(recorded.intervals[1].utc_offset, 1h);
}

TEST(AccountingTimeZone, ZoneChangeSplitsAtTheChangeAndKeepsThePastOffset) {
  FakeClock clock{utc(2026, 11, 24, 12), stockholm()};
  Accountant accountant(clock, "boot-a");
  Recorder recorded;
  accountant.start(clock.now(), std::nullopt);
  recorded.add(accountant.change_state(clock.now(), ActivityState::active, "x11"));
  clock.advance(2h);
  clock.set_zone(new_york());
  recorded.add(accountant.observe(clock.now()));
  clock.advance(1h);
  recorded.add(accountant.stop(clock.now()));
  ASSERT_EQ(recorded.intervals.size(), 2u);
  EXPECT_EQ(recorded.intervals[0].utc_offset, 1h);
  EXPECT_EQ(recorded.intervals[0].duration, 2h);
  EXPECT_EQ(recorded.intervals[1].utc_offset, -5h);
  EXPECT_EQ(recorded.intervals[1].duration, 1h);
}

TEST(AccountingTimeZone, LongUnknownGapSpanningSpringAndAutumnIsSplitAtBoth) {
  FakeClock clock{utc(2026, 1, 10, 12), stockholm()};
  Accountant first(clock, "boot-a");
  first.start(clock.now(), std::nullopt);
  first.stop(clock.now());
  const LastSeen stopped = first.last_seen(clock.now());
  clock.reboot(std::chrono::days{330});
  Accountant second(clock, "boot-b");
  Recorder recorded;
  recorded.add(second.start(clock.now(), stopped));
  ASSERT_EQ(recorded.intervals.size(), 3u);
  EXPECT_EQ(recorded.intervals[1].start, utc(2026, 3, 29, 1));
  EXPECT_EQ(recorded.intervals[2].start, utc(2026, 10, 25, 1));
  EXPECT_EQ(recorded.intervals[2].utc_offset, 1h);
  EXPECT_EQ(recorded.total(ActivityState::unknown), std::chrono::days{330});
}

}  // namespace
}  // namespace screentime::core
