#include "daemon/core/break_timers.hpp"

#include <algorithm>

#include "daemon/core/schedule.hpp"

namespace screentime::core {

Duration BreakTimers::due_at(ReminderKind kind) const {
  const Timer& t = (*this)[kind];
  return t.snoozed_to ? *t.snoozed_to : t.reset_at + settings_.rule(kind).every;
}

Duration BreakTimers::worked(ReminderKind kind, Duration clock) const {
  return std::max(Duration{0}, clock - (*this)[kind].reset_at);
}

std::optional<ReminderKind> BreakTimers::longest_due() const {
  std::optional<ReminderKind> due;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    if (!rule.enabled || !(*this)[kind].due) continue;
    if (!due || rule.length > settings_.rule(*due).length) due = kind;
  }
  return due;
}

std::optional<ReminderKind> BreakTimers::coming_up() const {
  std::optional<ReminderKind> coming;
  for (ReminderKind kind : kBreakKinds) {
    const Timer& t = (*this)[kind];
    if (settings_.rule(kind).enabled && !t.due && t.coming_up_noted && !t.coming_up_hidden) {
      coming = kind;
    }
  }
  return coming;
}

std::optional<BootTime> BreakTimers::next_deadline(const Instant& now, Duration clock) const {
  std::optional<BootTime> next;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    const Timer& t = (*this)[kind];
    if (!rule.enabled || t.due) continue;
    const Duration due = due_at(kind);
    next = core::next_deadline({next, now.boot + (due - clock)});
    if (rule.notice > Duration{0} && !t.snoozed_to && !t.coming_up_noted) {
      next = core::next_deadline({next, now.boot + (due - rule.notice - clock)});
    }
  }
  return next;
}

BreakTimerStatus BreakTimers::status(ReminderKind kind, Duration clock) const {
  const Timer& t = (*this)[kind];
  BreakTimerStatus status{kind, settings_.rule(kind).enabled, worked(kind, clock), Duration{0},
                          t.snoozes};
  if (!t.due) status.due_in = std::max(Duration{0}, due_at(kind) - clock);
  return status;
}

void BreakTimers::rules_changed(const BreakSettings& before, Duration clock) {
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& was = before.rule(kind);
    const BreakRule& rule = settings_.rule(kind);
    // The active clock runs on while a kind is off: switched on again, it starts from zero.
    if (!rule.enabled || !was.enabled) {
      timer(kind) = fresh(clock);
    } else if (rule.every != was.every || rule.notice != was.notice) {
      retime(kind, clock);
    }
  }
}

void BreakTimers::retime(ReminderKind kind, Duration clock) {
  const BreakRule& rule = settings_.rule(kind);
  Timer& t = timer(kind);
  if (clock < t.reset_at + rule.every) {  // not due under the new rhythm, snoozed or not
    t.due = false;
    t.snoozed_to.reset();
  }
  if (!t.due && (rule.notice <= Duration{0} || clock < due_at(kind) - rule.notice)) {
    t.coming_up_noted = false;
    t.coming_up_hidden = false;
  }
}

void BreakTimers::mark_due(const Instant& now, Duration clock) {
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    Timer& t = timer(kind);
    if (!rule.enabled || t.due) continue;
    const Duration due = due_at(kind);
    if (clock >= due) {
      t.due = true;
      if (!t.snoozed_to) log_.note(now, kind, BreakEventType::due);
      bring_longer_forward(kind, clock, now);
    } else if (rule.notice > Duration{0} && !t.snoozed_to && !t.coming_up_noted &&
               clock >= due - rule.notice) {
      t.coming_up_noted = true;
      log_.note(now, kind, BreakEventType::coming_up, due - clock);
    }
  }
}

// Two reminders within a minute (the eye break, then the movement break's notice and the
// movement break itself) teach people to close them unread. So when a shorter break comes due
// and a longer one would come due within the longer's notice, or within the shorter's own
// notice, the longer one comes due now and is shown instead (Workrave and GNOME's break
// manager do the same). It stands for both: taken, both count as taken (as away for the
// longer break's length already resets the shorter kinds), skipped or snoozed, both go with
// it. The notice, not min_gap, is the window: within it the user has already been told the
// longer break is coming, so bringing it forward by that much surprises nobody.
void BreakTimers::bring_longer_forward(ReminderKind shorter, Duration clock, const Instant& now) {
  const BreakRule& short_rule = settings_.rule(shorter);
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    Timer& t = timer(kind);
    if (!rule.enabled || t.due || rule.length <= short_rule.length) continue;
    const Duration early = due_at(kind) - clock;
    if (early > std::max(rule.notice, short_rule.notice)) continue;
    t.due = true;
    if (!t.snoozed_to) log_.note(now, kind, BreakEventType::due, early, "early");
  }
}

std::vector<ReminderKind> BreakTimers::shorter_than(ReminderKind kind) const {
  std::vector<ReminderKind> shorter;
  for (ReminderKind each : kBreakKinds) {
    if (each != kind && settings_.rule(each).length <= settings_.rule(kind).length) {
      shorter.push_back(each);
    }
  }
  return shorter;
}

void BreakTimers::reset(ReminderKind kind, bool with_shorter, Duration clock) {
  timer(kind) = fresh(clock);
  if (!with_shorter) return;
  for (ReminderKind each : shorter_than(kind)) timer(each) = fresh(clock);
}

void BreakTimers::backdate(Duration clock) {
  for (ReminderKind kind : kBreakKinds)
    timer(kind).reset_at = std::min(timer(kind).reset_at, clock);
}

BreakTimers::NaturalBreaks BreakTimers::natural_breaks(const Instant& now, Duration away,
                                                       Duration clock) {
  NaturalBreaks result;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    if (!rule.enabled || away < rule.length) continue;
    Timer& t = timer(kind);
    if (t.due || t.snoozed_to) {  // it came due: the break counts as taken
      log_.note(now, kind, BreakEventType::natural, away);
      result.asked = true;
    } else if (clock > t.reset_at) {
      log_.note(now, kind, BreakEventType::reset, away);
    }
    result.started.push_back(kind);
    t = fresh(clock);
  }
  return result;
}

std::vector<ReminderKind> BreakTimers::covered_by(ReminderKind kind) const {
  std::vector<ReminderKind> covered;
  for (ReminderKind each : shorter_than(kind)) {
    if ((*this)[each].due || (*this)[each].snoozed_to) covered.push_back(each);
  }
  return covered;
}

bool BreakTimers::snooze(ReminderKind kind, Duration clock) {
  Timer& t = timer(kind);
  if (t.snoozes >= settings_.max_snoozes) return false;
  ++t.snoozes;
  t.snoozed_to = std::max(clock, due_at(kind)) + settings_.snooze;
  t.due = false;
  t.coming_up_noted = false;  // a snoozed break comes back due, without a notice
  for (ReminderKind each : shorter_than(kind)) {  // a snooze covers what it stood for
    Timer& shorter = timer(each);
    if (!shorter.due) continue;
    shorter.due = false;
    shorter.snoozed_to = t.snoozed_to;
    shorter.coming_up_noted = false;
  }
  return true;
}

BreakTimerSnapshot BreakTimers::save(ReminderKind kind, Duration clock) const {
  const Timer& t = (*this)[kind];
  BreakTimerSnapshot saved{worked(kind, clock), t.snoozes, std::nullopt};
  if (t.snoozed_to) saved.snoozed_for = std::max(Duration{0}, *t.snoozed_to - clock);
  return saved;
}

bool BreakTimers::restore(ReminderKind kind, const BreakTimerSnapshot& saved, Duration gap,
                          Duration clock) {
  const BreakRule& rule = settings_.rule(kind);
  Timer& t = timer(kind);
  t = fresh(clock);
  if (!rule.enabled) return false;
  // Away that long: a natural break, as on coming back.
  if (gap >= rule.length) return saved.snoozed_for || saved.worked >= rule.every;
  t.reset_at = clock - saved.worked;
  t.snoozes = saved.snoozes;
  if (saved.snoozed_for) t.snoozed_to = clock + *saved.snoozed_for;
  // Due before the restart: its "due" was recorded then.
  t.due = !t.snoozed_to && clock >= due_at(kind);
  return false;
}

}  // namespace screentime::core
