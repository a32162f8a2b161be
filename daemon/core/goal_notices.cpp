#include "daemon/core/goal_notices.hpp"

#include "daemon/core/schedule.hpp"

namespace screentime::core {

void GoalNotices::set_progress(const GoalProgress& progress, const Instant& now) {
  progress_ = progress;
  as_of_ = now.boot;
}

Duration GoalNotices::used(const Instant& now) const {
  Duration used = progress_.used;
  if (progress_.counting && now.boot > as_of_) used += now.boot - as_of_;
  return used;
}

std::optional<Reminder> GoalNotices::wanted(const Instant& now,
                                            const std::optional<Reminder>& visible) const {
  if (!settings_.goal_enabled) return std::nullopt;
  const Duration used_now = used(now);
  const bool reached = used_now >= settings_.daily_goal;
  const bool reached_pending = reached && reached_ != mark();
  const bool warn_pending =
      !reached && used_now * 5 >= settings_.daily_goal * 4 && warned_ != mark();
  // A notice stays only for the day and goal it was shown for: yesterday's "reached", or a
  // warning about a goal since changed, goes.
  const bool visible_goal =
      visible && !is_break_phase(visible->phase) &&
      (visible->phase == ReminderPhase::goal_reached ? reached_ : warned_) == mark();
  if (!reached_pending && !warn_pending && !visible_goal) return std::nullopt;
  Reminder r;
  r.kind = ReminderKind::goal;
  r.phase = reached_pending ? ReminderPhase::goal_reached
            : warn_pending  ? ReminderPhase::goal_warning
                            : visible->phase;
  r.goal = settings_.daily_goal;
  // The figure as it was when shown: an update every minute would be noise.
  r.goal_used = visible_goal && visible->phase == r.phase ? visible->goal_used : used_now;
  return r;
}

void GoalNotices::mark_shown(const Reminder& shown, const Instant& now, BreakEventLog& log) {
  // "Reached" covers the 80 % notice too: a goal lowered below what is used says so once.
  if (shown.phase == ReminderPhase::goal_reached && reached_ != mark()) {
    reached_ = mark();
    warned_ = mark();
    log.note(now, ReminderKind::goal, BreakEventType::goal_reached, shown.goal_used);
  } else if (shown.phase == ReminderPhase::goal_warning && warned_ != mark()) {
    warned_ = mark();
    log.note(now, ReminderKind::goal, BreakEventType::goal_warned, shown.goal_used);
  }
}

std::optional<BootTime> GoalNotices::next_deadline(const Instant& now) const {
  if (!settings_.goal_enabled || !progress_.counting) return std::nullopt;
  const Duration used_now = used(now);
  const Duration warn_at = settings_.daily_goal * 4 / 5;
  std::optional<BootTime> next;
  if (warned_ != mark() && used_now < warn_at) next = now.boot + (warn_at - used_now);
  if (reached_ != mark() && used_now < settings_.daily_goal) {
    next = core::next_deadline({next, now.boot + (settings_.daily_goal - used_now)});
  }
  return next;
}

}  // namespace screentime::core
