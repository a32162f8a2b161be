#pragma once
// GoalFeed: when the daily goal's figure is read again from history, for the break scheduler.
// The scheduler extends the figure by itself while the user is active, so history is read
// only when the local day or the counting (active or not) changes, or after forget() (new
// settings, a suspend found late): never at every event. The daemon and screentime-replay
// both go through it, so a replayed timeline proves the daemon's rule. Pure; loop thread only.

#include <functional>
#include <optional>

#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/day_attribution.hpp"

namespace screentime::core {

class GoalFeed {
 public:
  // What to give the scheduler now, or nullopt when what it has still holds. `active_on`
  // reads the day's active time from history, the running interval included.
  std::optional<GoalProgress> update(LocalDate today, bool counting,
                                     const std::function<Duration(LocalDate)>& active_on);
  // The next update() reads history again.
  void forget() { last_.reset(); }

 private:
  std::optional<GoalProgress> last_;
};

}  // namespace screentime::core
