#include "daemon/core/reminder_choice.hpp"

#include <algorithm>
#include <utility>

#include "daemon/core/schedule.hpp"

namespace screentime::core {
namespace {

// The same reminder, content aside (the revision is what the notifier compares).
bool same_content(Reminder a, const Reminder& b) {
  a.revision = b.revision;
  return a == b;
}

BootTime boot_at_wall(const Instant& now, WallTime wall) { return now.boot + (wall - now.wall); }

}  // namespace

std::optional<WallTime> ReminderChoice::paused_until(const Instant& now) const {
  if (paused_until_ && now.wall < *paused_until_) return paused_until_;
  return std::nullopt;
}

std::vector<ReminderHold> ReminderChoice::holds(const Instant& now, bool present) const {
  std::vector<ReminderHold> holds;
  if (!present) holds.push_back(ReminderHold::away);
  if (paused_until(now)) holds.push_back(ReminderHold::paused);
  if (do_not_disturb_) holds.push_back(ReminderHold::do_not_disturb);
  if (presenting_) holds.push_back(ReminderHold::presenting);
  return holds;
}

std::optional<Reminder> ReminderChoice::wanted(const Instant& now,
                                               const ReminderSources& from) const {
  if (from.taking.active()) {
    if (from.taking.hidden()) return std::nullopt;
    return taking_reminder(from);
  }
  if (const auto due = from.timers.longest_due()) return due_reminder(*due, now, from);
  if (auto goal = from.goal.wanted(now, visible_)) return goal;
  if (const auto coming = from.timers.coming_up()) return coming_up_reminder(*coming, now, from);
  return std::nullopt;
}

Reminder ReminderChoice::taking_reminder(const ReminderSources& from) const {
  Reminder r;
  r.kind = from.taking.kind();
  r.phase = ReminderPhase::taking;
  r.length = settings_.rule(r.kind).length;
  r.back_at = from.taking.back_at();
  r.streak = from.streak;
  return r;
}

Reminder ReminderChoice::answerable_reminder(ReminderKind kind, ReminderPhase phase,
                                             const ReminderSources& from) const {
  Reminder r;
  r.kind = kind;
  r.phase = phase;
  r.length = settings_.rule(kind).length;
  r.snoozes = from.timers[kind].snoozes;
  r.can_snooze = r.snoozes < settings_.max_snoozes;
  r.streak = from.streak;
  return r;
}

Reminder ReminderChoice::due_reminder(ReminderKind kind, const Instant& now,
                                      const ReminderSources& from) const {
  Reminder r = answerable_reminder(kind, ReminderPhase::due, from);
  r.nag = settings_.nag_after > 0 && from.streak >= settings_.nag_after;
  const bool was_due = visible_ && visible_->phase == ReminderPhase::due;
  if (was_due && visible_since_ && from.clock.present() && settings_.overdue_update > Duration{0}) {
    const auto waited = now.boot - *visible_since_;
    r.overdue = waited / settings_.overdue_update * settings_.overdue_update;
  } else if (was_due) {
    r.overdue = visible_->overdue;
  }
  return r;
}

Reminder ReminderChoice::coming_up_reminder(ReminderKind kind, const Instant& now,
                                            const ReminderSources& from) const {
  Reminder r = answerable_reminder(kind, ReminderPhase::coming_up, from);
  // As it was when shown: a countdown updated at every event would only be noise.
  const bool same =
      visible_ && visible_->phase == ReminderPhase::coming_up && visible_->kind == kind;
  r.due_in = same ? visible_->due_in
                  : std::max(Duration{0}, from.timers.due_at(kind) - from.clock.at(now));
  return r;
}

std::optional<Reminder> ReminderChoice::show(std::optional<Reminder> want, const Instant& now,
                                             bool present) {
  if (paused_until_ && now.wall >= *paused_until_) paused_until_.reset();
  const auto held = holds(now, present);
  const std::optional<ReminderHold> hold =
      held.empty() ? std::nullopt : std::optional<ReminderHold>(held.front());
  if (!want) {
    if (visible_) close(now, "no longer due");
    last_hold_noted_.reset();
    withdrawn_ = false;
    return std::nullopt;
  }
  const bool taking = want->phase == ReminderPhase::taking;
  if (visible_ && hold && *hold != ReminderHold::away && !taking) withdraw(now, *hold);
  if (visible_ && is_break_phase(visible_->phase) == is_break_phase(want->phase)) {
    return update_in_place(std::move(*want), now);
  }
  // A fresh reminder: not while held, and not within min_gap of the last one.
  if (!taking && hold) {
    note_held(now, want->kind, *hold);
    return std::nullopt;
  }
  // A reminder withdrawn by a hold comes back as it was, gap or not.
  if (!taking && !withdrawn_ && last_reminder_end_ &&
      now.boot < *last_reminder_end_ + settings_.min_gap) {
    note_held(now, want->kind, ReminderHold::gap);
    return std::nullopt;
  }
  last_hold_noted_.reset();
  withdrawn_ = false;
  if (visible_) close(now, "replaced");
  want->revision = ++revision_;
  want->overdue = Duration{0};
  visible_ = std::move(want);
  visible_since_ = now.boot;
  last_reminder_end_ = now.boot;
  log_.note(now, visible_->kind, BreakEventType::shown);
  return visible_;
}

std::optional<Reminder> ReminderChoice::update_in_place(Reminder want, const Instant& now) {
  if (same_content(want, *visible_)) return std::nullopt;
  const bool newly_due = want.phase == ReminderPhase::due &&
                         (visible_->phase != ReminderPhase::due || visible_->kind != want.kind);
  if (newly_due) {  // a notice turned due, or a longer break took over: waiting starts now
    visible_since_ = now.boot;
    want.overdue = Duration{0};
  }
  want.revision = ++revision_;
  visible_ = std::move(want);
  log_.note(now, visible_->kind, newly_due ? BreakEventType::shown : BreakEventType::updated);
  return visible_;
}

void ReminderChoice::withdraw(const Instant& now, ReminderHold hold) {
  log_.note(now, visible_->kind, BreakEventType::withdrawn, Duration{0},
            std::string(to_string(hold)));
  visible_.reset();
  visible_since_.reset();
  withdrawn_ = true;
}

void ReminderChoice::note_held(const Instant& now, ReminderKind kind, ReminderHold why) {
  if (last_hold_noted_ == why) return;
  last_hold_noted_ = why;
  log_.note(now, kind, BreakEventType::held_back, Duration{0}, std::string(to_string(why)));
}

void ReminderChoice::close(const Instant& now, std::string why) {
  if (!visible_) return;
  log_.note(now, visible_->kind, BreakEventType::closed, Duration{0}, std::move(why));
  visible_.reset();
  visible_since_.reset();
  last_reminder_end_ = now.boot;
}

std::optional<BootTime> ReminderChoice::next_deadline(const Instant& now) const {
  std::optional<BootTime> next;
  if (paused_until_) next = boot_at_wall(now, *paused_until_);
  if (last_hold_noted_ == ReminderHold::gap && last_reminder_end_) {
    next = core::next_deadline({next, *last_reminder_end_ + settings_.min_gap});
  }
  if (visible_ && visible_->phase == ReminderPhase::due && visible_since_ &&
      settings_.overdue_update > Duration{0}) {
    const auto steps = (now.boot - *visible_since_) / settings_.overdue_update + 1;
    next = core::next_deadline({next, *visible_since_ + steps * settings_.overdue_update});
  }
  return next;
}

}  // namespace screentime::core
