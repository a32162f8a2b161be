#include "daemon/core/goal_feed.hpp"

namespace screentime::core {

std::optional<GoalProgress> GoalFeed::update(LocalDate today, bool counting,
                                             const std::function<Duration(LocalDate)>& active_on) {
  const long day = std::chrono::sys_days{today}.time_since_epoch().count();
  if (last_ && last_->day == day && last_->counting == counting) return std::nullopt;
  last_ = GoalProgress{day, active_on(today), counting};
  return last_;
}

}  // namespace screentime::core
