#include "daemon/app/store_usage_history.hpp"

#include <spdlog/spdlog.h>

#include "daemon/core/day_attribution.hpp"

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

core::Duration StoreUsageHistory::granted_on(core::LocalDate day) const {
  if (records_ == nullptr) return core::Duration::zero();
  try {
    // A day and its neighbours in UTC cover the local day under any offset; each grant
    // counts for the local day it was made on.
    const std::chrono::sys_days midnight{day};
    const core::WallTime from{midnight - std::chrono::days{1}};
    const core::WallTime to{midnight + std::chrono::days{2}};
    core::Duration granted{0};
    for (const auto& grant : records_->grants(user_, from, to)) {
      if (core::attributed_day(grant.at, grant.offset, core::DayStart{0}) == day) {
        granted += grant.extra;
      }
    }
    return granted;
  } catch (const std::exception& error) {
    spdlog::warn("uid {}: cannot read the extra time granted ({}); counting none", user_,
                 error.what());
    return core::Duration::zero();
  }
}

}  // namespace screentime::app
