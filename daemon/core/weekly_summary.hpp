#pragma once
// WeeklySummary: when to tell the user how their last week went ("Your week: 21 h 30 min, 3 h
// less than the week before"): at the first active moment of a new week, Monday from the day
// start on, once a week, and only after a week with some use. Asked when the user becomes
// active; it asks the caller for the stored figures once a week at most, so the check costs
// nothing the rest of the week. Pure; single-threaded.

#include <functional>
#include <optional>

#include "daemon/core/day_attribution.hpp"

namespace screentime::core {

// The Monday of the week `day` is in.
LocalDate monday_of(LocalDate day);

// Active time on days [first, last] as stored (the interval running now left out).
using ActiveBetween = std::function<Duration(LocalDate first, LocalDate last)>;

struct WeekSummary {
  LocalDate week;  // its Monday: the week just over
  Duration active{};
  Duration week_before{};
};

class WeeklySummary {
 public:
  // The user became active on local day `today` (the attributed day: the day start counts).
  // Gives last week's summary when it is due now; `active_between` reads the history, and is
  // called only in the first active moment of a week seen by this run.
  std::optional<WeekSummary> on_active(LocalDate today, const ActiveBetween& active_between);

 private:
  std::optional<LocalDate> checked_;  // the week whose first active moment has been seen
};

}  // namespace screentime::core
