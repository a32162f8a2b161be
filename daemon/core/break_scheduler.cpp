#include "daemon/core/break_scheduler.hpp"

#include <algorithm>
#include <utility>

#include "daemon/core/schedule.hpp"

namespace screentime::core {

BreakScheduler::BreakScheduler(BreakSettings settings, const Instant& now)
    : settings_(std::move(settings)),
      clock_(now),
      timers_(settings_, log_),
      goal_(settings_, now),
      choice_(settings_, log_) {}

void BreakScheduler::set_settings(BreakSettings settings, const Instant& now) {
  settle(now);
  const BreakSettings before = std::exchange(settings_, std::move(settings));
  timers_.rules_changed(before, clock_.settled());
  if (taking_.active() && !settings_.rule(taking_.kind()).enabled) taking_.end();
  advance(now);
}

void BreakScheduler::settle(const Instant& now) {
  catch_up_sleep(now);
  clock_.settle(now);
}

void BreakScheduler::catch_up_sleep(const Instant& now) {
  if (clock_.notice_sleep(now)) came_back(now);
}

void BreakScheduler::set_present(bool present, const Instant& since, const Instant& now) {
  catch_up_sleep(now);
  if (present == clock_.present()) return;
  if (present) {
    came_back(now);
  } else {
    clock_.leave(since, now);
    timers_.backdate(clock_.settled());  // a break reset in between keeps its start
  }
  advance(now);
}

void BreakScheduler::came_back(const Instant& now) {
  const Duration away = clock_.come_back(now);
  if (taking_.active()) finish_taking(now, away);
  // Away long enough for a break is that break, taken without being asked.
  const auto natural = timers_.natural_breaks(now, away, clock_.settled());
  if (natural.asked) streak_ = 0;
  const auto& visible = choice_.visible();
  if (visible && std::find(natural.started.begin(), natural.started.end(), visible->kind) !=
                     natural.started.end()) {
    choice_.close(now, "natural break");
  }
}

void BreakScheduler::finish_taking(const Instant& now, Duration away) {
  const ReminderKind kind = taking_.kind();
  if (taking_.confirmed(now.boot - away, away, settings_.rule(kind).length)) {
    log_.note(now, kind, BreakEventType::taken, away);
    // It stood for the shorter breaks that had come due: they count as taken too.
    for (ReminderKind each : timers_.covered_by(kind)) {
      log_.note(now, each, BreakEventType::taken, away);
    }
    timers_.reset(kind, true, clock_.settled());
    streak_ = 0;
    choice_.close(now, "taken");
  } else {
    log_.note(now, kind, BreakEventType::cut_short, away);
    timers_.reset(kind, false, clock_.settled());
    choice_.close(now, "cut short");
  }
  taking_.end();
}

void BreakScheduler::set_presenting(bool presenting, const Instant& now) {
  choice_.set_presenting(presenting);
  advance(now);
}

void BreakScheduler::set_do_not_disturb(bool on, const Instant& now) {
  choice_.set_do_not_disturb(on);
  advance(now);
}

void BreakScheduler::pause_until(std::optional<WallTime> until, const Instant& now) {
  choice_.pause_until(until);
  advance(now);
}

void BreakScheduler::set_goal_progress(const GoalProgress& progress, const Instant& now) {
  goal_.set_progress(progress, now);
  advance(now);
}

std::optional<Reminder> BreakScheduler::answerable(const Instant& now) {
  if (!choice_.visible()) return std::nullopt;
  settle(now);
  if (choice_.visible()) return choice_.visible();
  // A suspend nobody announced was the break and closed the reminder: nothing to answer.
  advance(now);
  return std::nullopt;
}

AnswerResult BreakScheduler::answer(BreakAnswer answer, const Instant& now) {
  const auto shown = answerable(now);
  if (!shown) return AnswerResult::nothing_visible;
  AnswerResult result = AnswerResult::ok;
  if (!is_break_phase(shown->phase)) {
    if (answer != BreakAnswer::skip) return AnswerResult::not_a_break;
    choice_.close(now, "dismissed");
  } else if (shown->phase == ReminderPhase::taking) {
    result = answer_taking(answer, shown->kind, now);
  } else {
    result = answer_break(answer, shown->kind, now);
  }
  if (result == AnswerResult::ok) advance(now);
  return result;
}

AnswerResult BreakScheduler::answer_taking(BreakAnswer answer, ReminderKind kind,
                                           const Instant& now) {
  if (answer != BreakAnswer::skip) return AnswerResult::already_taking;
  log_.note(now, kind, BreakEventType::cut_short, Duration{0}, "skipped while taking");
  taking_.end();
  timers_.reset(kind, false, clock_.settled());
  choice_.close(now, "skipped");
  return AnswerResult::ok;
}

AnswerResult BreakScheduler::answer_break(BreakAnswer answer, ReminderKind kind,
                                          const Instant& now) {
  switch (answer) {
    case BreakAnswer::take:
      taking_.start(kind, now, settings_.rule(kind).length);
      break;
    case BreakAnswer::snooze:
      if (!timers_.snooze(kind, clock_.settled())) return AnswerResult::snooze_limit;
      ++streak_;
      log_.note(now, kind, BreakEventType::snoozed, settings_.snooze);
      choice_.close(now, "snoozed");
      break;
    case BreakAnswer::skip:
      ++streak_;
      log_.note(now, kind, BreakEventType::skipped);
      timers_.reset(kind, true, clock_.settled());  // it stood for the shorter breaks too
      choice_.close(now, "skipped");
      break;
  }
  return AnswerResult::ok;
}

void BreakScheduler::dismissed(const Instant& now) {
  const auto shown = answerable(now);
  if (!shown) return;
  switch (shown->phase) {
    case ReminderPhase::due:
      ++streak_;
      log_.note(now, shown->kind, BreakEventType::skipped, Duration{0}, "dismissed");
      timers_.reset(shown->kind, true, clock_.settled());
      break;
    case ReminderPhase::coming_up:
      // Closing the notice is not an answer to the break itself.
      timers_.hide_coming_up(shown->kind);
      break;
    case ReminderPhase::taking:  // the break goes on; only its notice went
      taking_.hide();
      break;
    case ReminderPhase::goal_warning:
    case ReminderPhase::goal_reached:
      break;
  }
  choice_.close(now, "dismissed");
  advance(now);
}

void BreakScheduler::advance(const Instant& now) {
  catch_up_sleep(now);
  if (taking_.active() && clock_.present() &&
      now.boot >= taking_.never_left_at(settings_.rule(taking_.kind()).length)) {
    settle(now);
    const ReminderKind kind = taking_.kind();
    log_.note(now, kind, BreakEventType::cut_short, Duration{0}, "never left");
    timers_.reset(kind, false, clock_.settled());
    taking_.end();
    choice_.close(now, "never left");
  }
  timers_.mark_due(now, clock_.at(now));
  if (const auto shown = choice_.show(choice_.wanted(now, sources()), now, clock_.present())) {
    goal_.mark_shown(*shown, now, log_);
  }
}

std::optional<BootTime> BreakScheduler::next_deadline(const Instant& now) const {
  if (!clock_.present()) return std::nullopt;  // nothing comes due while the user is away
  const std::optional<BootTime> never_left =
      taking_.active() ? std::optional(taking_.never_left_at(settings_.rule(taking_.kind()).length))
                       : std::nullopt;
  const auto next = core::next_deadline({timers_.next_deadline(now, clock_.at(now)), never_left,
                                         choice_.next_deadline(now), goal_.next_deadline(now)});
  if (!next) return std::nullopt;
  return std::max(*next, now.boot);
}

BreakStatus BreakScheduler::status(const Instant& now) const {
  BreakStatus status;
  const Duration clock = clock_.at(now);
  for (ReminderKind kind : kBreakKinds) status.timers.push_back(timers_.status(kind, clock));
  status.visible = choice_.visible();
  if (status.visible && status.visible->phase == ReminderPhase::coming_up) {
    status.visible->due_in = std::max(Duration{0}, timers_.due_at(status.visible->kind) - clock);
  }
  for (ReminderHold hold : choice_.holds(now, clock_.present())) {
    status.holds.emplace_back(to_string(hold));
  }
  status.paused_until = choice_.paused_until(now);
  status.streak = streak_;
  return status;
}

BreakSnapshot BreakScheduler::snapshot(const Instant& now) const {
  BreakSnapshot saved;
  saved.taken_at = now.wall;
  const Duration clock = clock_.at(now);
  for (ReminderKind kind : kBreakKinds) saved.timer(kind) = timers_.save(kind, clock);
  saved.streak = streak_;
  saved.paused_until = choice_.paused_until(now);
  return saved;
}

void BreakScheduler::restore(const BreakSnapshot& saved, const Instant& now) {
  settle(now);
  const Duration gap = std::max(Duration{0}, now.wall - saved.taken_at);
  streak_ = saved.streak;
  for (ReminderKind kind : kBreakKinds) {
    // A natural break it had asked for ends the streak, as on coming back.
    if (timers_.restore(kind, saved.timer(kind), gap, clock_.settled())) streak_ = 0;
  }
  if (saved.paused_until && now.wall < *saved.paused_until) {
    choice_.pause_until(saved.paused_until);
  }
  advance(now);
}

}  // namespace screentime::core
