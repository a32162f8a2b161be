#pragma once
// Day attribution: which local calendar day (and clock hour) each part of an interval
// belongs to. Intervals are stored in UTC with the offset they were lived in, and attributed
// only when queried, so changing the "day starts at" hour re-attributes all history at once.
//
// A day runs from its "day starts at" time to the next day's (default 04:00, so 01:30 at
// night counts for the evening before). Days are measured in local wall time as lived: a
// DST change day is 23 h or 25 h long, and the repeated hour of autumn lands in the one
// clock hour it shows. Pure; no I/O.

#include <array>
#include <chrono>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "daemon/core/interval.hpp"

namespace screentime::core {

using LocalDate = std::chrono::year_month_day;
using DayStart = std::chrono::minutes;  // minutes after local midnight, 0 .. 23:59

inline constexpr DayStart kDefaultDayStart{4 * 60};

struct StateTotals {
  std::array<Duration, kActivityStateCount> by_state{};

  Duration& operator[](ActivityState state) { return by_state[static_cast<std::size_t>(state)]; }
  Duration operator[](ActivityState state) const {
    return by_state[static_cast<std::size_t>(state)];
  }
  Duration total() const;
  friend bool operator==(const StateTotals&, const StateTotals&) = default;
};

struct DayTotals {
  LocalDate day;
  StateTotals totals;
};

struct HourTotals {
  LocalDate day;  // the attributed day (01:00 belongs to the day before with day start 04:00)
  int hour = 0;   // local clock hour, 0..23
  StateTotals totals;
};

// The day a moment with UTC offset `offset` belongs to.
LocalDate attributed_day(WallTime at, UtcOffset offset, DayStart day_start);

// The moment local day `day` begins (its day start in local time), in UTC, with the offset
// the zone has then (`offset_at`, the Clock's utc_offset): a DST change the night before
// counts. A day start in the hour a spring change skips is the moment the clock jumps.
WallTime local_day_begins(LocalDate day, DayStart day_start,
                          const std::function<UtcOffset(WallTime)>& offset_at);

// The UTC range that can hold every interval part attributed to [first, last], whatever
// offsets (-12 h .. +14 h) they were lived in: bounds for a store query.
std::pair<WallTime, WallTime> utc_range_of_days(LocalDate first, LocalDate last,
                                                DayStart day_start);

// Per-state totals for every day in [first, last], in order, empty days included.
std::vector<DayTotals> totals_per_day(std::span<const Interval> intervals, LocalDate first,
                                      LocalDate last, DayStart day_start);

// Per-state totals for every clock hour of every day in [first, last]: 24 entries a day,
// in the order the day runs (from its day start hour).
std::vector<HourTotals> totals_per_hour(std::span<const Interval> intervals, LocalDate first,
                                        LocalDate last, DayStart day_start);

}  // namespace screentime::core
