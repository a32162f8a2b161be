#pragma once

#include <optional>

#include "daemon/core/break_event_log.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/reminder.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

// The daily goal's progress: active time so far on the local day `day` (any number that
// changes when the day does), and whether it is growing now.
struct GoalProgress {
  long day = 0;
  Duration used{};
  bool counting = false;
};

// GoalNotices: the daily goal's two notices, at 80 % and at 100 % of the day's active time,
// each once per day and goal value: a goal changed during the day may warn again at the new
// value (lowered below what is used: "reached" once, no 80 % notice). Pure; single-threaded.
class GoalNotices {
 public:
  // `settings` belongs to the owner and outlives the notices.
  GoalNotices(const BreakSettings& settings, const Instant& now)
      : settings_(settings), as_of_(now.boot) {}

  void set_progress(const GoalProgress& progress, const Instant& now);
  // Active time used today at `now`.
  Duration used(const Instant& now) const;
  // The goal notice to show now, given the reminder `visible` (which it may keep as it was).
  std::optional<Reminder> wanted(const Instant& now, const std::optional<Reminder>& visible) const;
  // `shown` became visible: each notice is given once per day and goal.
  void mark_shown(const Reminder& shown, const Instant& now, BreakEventLog& log);
  // When a notice comes due while the goal counts.
  std::optional<BootTime> next_deadline(const Instant& now) const;

 private:
  struct Mark {
    long day = -1;
    Duration goal{};
    friend bool operator==(const Mark&, const Mark&) = default;
  };
  Mark mark() const { return {progress_.day, settings_.daily_goal}; }

  const BreakSettings& settings_;
  GoalProgress progress_;
  BootTime as_of_{};  // when progress_ was given
  Mark warned_;       // the day and goal last warned of at 80 %
  Mark reached_;
};

}  // namespace screentime::core
