#include "daemon/app/store_usage_history.hpp"

#include <spdlog/spdlog.h>

namespace screentime::app {

core::Duration StoreUsageHistory::stored_active_on(core::LocalDate day,
                                                   core::DayStart day_start) const {
  try {
    const auto [from, to] = core::utc_range_of_days(day, day, day_start);
    const auto intervals = store_.intervals(user_, from, to);
    return core::totals_per_day(intervals, day, day, day_start)
        .front()
        .totals[core::ActivityState::active];
  } catch (const std::exception& error) {
    spdlog::warn("cannot read today's use for the daily goal ({}); counting from zero for now",
                 error.what());
    return core::Duration::zero();
  }
}

}  // namespace screentime::app
