#pragma once

#include <string>
#include <utility>
#include <vector>

#include "daemon/core/breaks.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

// BreakEventLog: what happened to reminders since the daemon last drained it, in order. The
// parts of the break scheduler all write to one log, so the order is the order of decisions.
class BreakEventLog {
 public:
  void note(const Instant& at, ReminderKind kind, BreakEventType type, Duration amount = {},
            std::string detail = {}) {
    events_.push_back(BreakEvent{at.wall, UtcOffset{}, kind, type, amount, std::move(detail)});
  }
  std::vector<BreakEvent> drain() { return std::exchange(events_, {}); }

 private:
  std::vector<BreakEvent> events_;
};

}  // namespace screentime::core
