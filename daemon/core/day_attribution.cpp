#include "daemon/core/day_attribution.hpp"

#include <algorithm>

namespace screentime::core {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::sys_days;

// Local wall time as lived, held in a sys_time: only differences and calendar fields are
// taken from it, never a UTC meaning.
using LocalMoment = std::chrono::sys_time<Duration>;

constexpr UtcOffset kMostWestOffset = hours{-12};
constexpr UtcOffset kMostEastOffset = hours{14};

// Cuts an interval at every day boundary (and every clock hour when `by_hour`), handing each
// piece to `visit(day, clock_hour, state, duration)`.
template <typename Visit>
void for_each_piece(const Interval& interval, DayStart day_start, bool by_hour, Visit&& visit) {
  LocalMoment moment = interval.start + interval.utc_offset;
  const LocalMoment end = moment + interval.duration;
  while (moment < end) {
    const sys_days day = floor<days>(moment - day_start);
    LocalMoment boundary = day + days{1} + day_start;
    int clock_hour = 0;
    if (by_hour) {
      const auto hour_start = floor<hours>(moment);
      boundary = std::min<LocalMoment>(boundary, hour_start + hours{1});
      clock_hour = static_cast<int>((hour_start - floor<days>(moment)).count());
    }
    const LocalMoment piece_end = std::min(boundary, end);
    visit(day, clock_hour, interval.state, piece_end - moment);
    moment = piece_end;
  }
}

}  // namespace

Duration StateTotals::total() const {
  Duration sum{};
  for (Duration d : by_state) sum += d;
  return sum;
}

LocalDate attributed_day(WallTime at, UtcOffset offset, DayStart day_start) {
  return LocalDate{floor<days>(at + offset - day_start)};
}

std::pair<WallTime, WallTime> utc_range_of_days(LocalDate first, LocalDate last,
                                                DayStart day_start) {
  const LocalMoment local_from = sys_days{first} + day_start;
  const LocalMoment local_to = sys_days{last} + days{1} + day_start;
  return {local_from - kMostEastOffset, local_to - kMostWestOffset};
}

std::vector<DayTotals> totals_per_day(std::span<const Interval> intervals, LocalDate first,
                                      LocalDate last, DayStart day_start) {
  std::vector<DayTotals> result;
  if (sys_days{last} < sys_days{first}) return result;
  const auto count = static_cast<std::size_t>((sys_days{last} - sys_days{first}).count() + 1);
  result.reserve(count);
  for (sys_days day = sys_days{first}; day <= sys_days{last}; day += days{1}) {
    result.push_back({LocalDate{day}, {}});
  }
  for (const Interval& interval : intervals) {
    for_each_piece(interval, day_start, false,
                   [&](sys_days day, int, ActivityState state, Duration piece) {
                     const auto index = (day - sys_days{first}).count();
                     if (index < 0 || static_cast<std::size_t>(index) >= count) return;
                     result[static_cast<std::size_t>(index)].totals[state] += piece;
                   });
  }
  return result;
}

std::vector<HourTotals> totals_per_hour(std::span<const Interval> intervals, LocalDate first,
                                        LocalDate last, DayStart day_start) {
  std::vector<HourTotals> result;
  if (sys_days{last} < sys_days{first}) return result;
  const auto day_count = static_cast<std::size_t>((sys_days{last} - sys_days{first}).count() + 1);
  const int first_hour = static_cast<int>(floor<hours>(day_start).count());
  result.reserve(day_count * 24);
  for (sys_days day = sys_days{first}; day <= sys_days{last}; day += days{1}) {
    for (int i = 0; i < 24; ++i) result.push_back({LocalDate{day}, (first_hour + i) % 24, {}});
  }
  for (const Interval& interval : intervals) {
    for_each_piece(interval, day_start, true,
                   [&](sys_days day, int clock_hour, ActivityState state, Duration piece) {
                     const auto day_index = (day - sys_days{first}).count();
                     if (day_index < 0 || static_cast<std::size_t>(day_index) >= day_count) {
                       return;
                     }
                     const auto slot =
                         static_cast<std::size_t>(day_index) * 24 +
                         static_cast<std::size_t>((clock_hour - first_hour + 24) % 24);
                     result[slot].totals[state] += piece;
                   });
  }
  return result;
}

WallTime local_day_begins(LocalDate day, DayStart day_start,
                          const std::function<UtcOffset(WallTime)>& offset_at) {
  const Duration target = (std::chrono::sys_days{day} + day_start).time_since_epoch();
  const auto local_of = [&](WallTime at) { return (at + offset_at(at)).time_since_epoch(); };
  // Two readings: the offset a day earlier says roughly when; the offset then is the one in
  // force (a change the night before is taken into account).
  const WallTime rough{target - offset_at(WallTime{target} - std::chrono::hours{24})};
  const WallTime exact{target - offset_at(rough)};
  const bool rough_fits = local_of(rough) == target;
  const bool exact_fits = local_of(exact) == target;
  // In the hour an autumn change repeats, both fit: the day begins at the first of them.
  if (rough_fits && exact_fits) return std::min(rough, exact);
  if (exact_fits) return exact;
  if (rough_fits) return rough;
  // In the hour a spring change skips, neither: the day begins when the clock jumps past the
  // day start, the first moment whose local time is at least the target.
  WallTime before = std::min(rough, exact);
  WallTime after = std::max(rough, exact);
  while (after - before > Duration{1}) {
    const WallTime middle = before + (after - before) / 2;
    (local_of(middle) >= target ? after : before) = middle;
  }
  return after;
}

}  // namespace screentime::core
