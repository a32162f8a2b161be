#include "daemon/core/break_scheduler.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace screentime::core {
namespace {

// After "take", how long the user may still be seen at the screen before the break counts as
// never started: leaving takes a moment, and away is noticed only after the shortest break's
// length without input.
constexpr Duration kLeaveGrace = std::chrono::seconds{30};

constexpr std::array<std::pair<BreakAnswer, std::string_view>, 3> kAnswerNames = {{
    {BreakAnswer::take, "take"},
    {BreakAnswer::snooze, "snooze"},
    {BreakAnswer::skip, "skip"},
}};

bool is_break_phase(ReminderPhase phase) {
  return phase == ReminderPhase::coming_up || phase == ReminderPhase::due ||
         phase == ReminderPhase::taking;
}

// The same reminder, content aside (the revision is what the notifier compares).
bool same_content(Reminder a, const Reminder& b) {
  a.revision = b.revision;
  return a == b;
}

BootTime boot_at_wall(const Instant& now, WallTime wall) { return now.boot + (wall - now.wall); }

}  // namespace

std::string_view to_string(ReminderPhase phase) {
  switch (phase) {
    case ReminderPhase::coming_up:
      return "coming_up";
    case ReminderPhase::due:
      return "due";
    case ReminderPhase::taking:
      return "taking";
    case ReminderPhase::goal_warning:
      return "goal_warning";
    case ReminderPhase::goal_reached:
      return "goal_reached";
  }
  return "due";
}

std::string_view to_string(BreakAnswer answer) {
  for (const auto& [each, name] : kAnswerNames) {
    if (each == answer) return name;
  }
  return "skip";
}

std::optional<BreakAnswer> parse_break_answer(std::string_view name) {
  for (const auto& [answer, each] : kAnswerNames) {
    if (each == name) return answer;
  }
  return std::nullopt;
}

std::string_view to_string(AnswerResult result) {
  switch (result) {
    case AnswerResult::ok:
      return "ok";
    case AnswerResult::nothing_visible:
      return "nothing_visible";
    case AnswerResult::snooze_limit:
      return "snooze_limit";
    case AnswerResult::not_a_break:
      return "not_a_break";
    case AnswerResult::already_taking:
      return "already_taking";
  }
  return "ok";
}

BreakScheduler::BreakScheduler(BreakSettings settings, const Instant& now)
    : settings_(std::move(settings)),
      settled_at_(now.boot),
      presence_changed_at_(now.boot),
      goal_as_of_(now.boot),
      suspended_seen_(now.suspended_since_boot()) {}

void BreakScheduler::set_settings(BreakSettings settings, const Instant& now) {
  settle(now);
  const BreakSettings before = std::exchange(settings_, std::move(settings));
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& was = before.rule(kind);
    const BreakRule& rule = settings_.rule(kind);
    // The active clock runs on while a kind is off: switched on again, it starts from zero.
    if (!rule.enabled || !was.enabled) {
      timer(kind) = fresh_timer();
    } else if (rule.every != was.every || rule.notice != was.notice) {
      retime(kind);
    }
  }
  if (taking_ && !settings_.rule(taking_->kind).enabled) taking_.reset();
  advance(now);
}

void BreakScheduler::retime(ReminderKind kind) {
  const BreakRule& rule = settings_.rule(kind);
  Timer& t = timer(kind);
  if (active_ < t.reset_at + rule.every) {  // not due under the new rhythm, snoozed or not
    t.due = false;
    t.snoozed_to.reset();
  }
  if (!t.due && (rule.notice <= Duration{0} || active_ < due_at(kind) - rule.notice)) {
    t.coming_up_noted = false;
    t.coming_up_hidden = false;
  }
}

Duration BreakScheduler::active_clock(const Instant& now) const {
  if (!present_ || now.boot <= settled_at_) return active_;
  return active_ + (now.boot - settled_at_);
}

Duration BreakScheduler::worked(ReminderKind kind, const Instant& now) const {
  return std::max(Duration{0}, active_clock(now) - timer(kind).reset_at);
}

Duration BreakScheduler::due_at(ReminderKind kind) const {
  const Timer& t = timer(kind);
  return t.snoozed_to ? *t.snoozed_to : t.reset_at + settings_.rule(kind).every;
}

void BreakScheduler::settle(const Instant& now) {
  catch_up_sleep(now);
  active_ = active_clock(now);
  settled_at_ = std::max(settled_at_, now.boot);
}

void BreakScheduler::note(const Instant& at, ReminderKind kind, BreakEventType type,
                          Duration amount, std::string detail) {
  events_.push_back(BreakEvent{at.wall, UtcOffset{}, kind, type, amount, std::move(detail)});
}

BreakScheduler::Timer BreakScheduler::fresh_timer() const {
  Timer fresh;
  fresh.reset_at = active_;
  return fresh;
}

void BreakScheduler::reset(ReminderKind kind, bool with_shorter) {
  const Duration length = settings_.rule(kind).length;
  for (ReminderKind each : kBreakKinds) {
    if (each == kind || (with_shorter && settings_.rule(each).length <= length)) {
      timer(each) = fresh_timer();
    }
  }
}

void BreakScheduler::postpone_shorter(ReminderKind kind, Duration to) {
  for (ReminderKind each : kBreakKinds) {
    Timer& t = timer(each);
    if (each != kind && t.due && settings_.rule(each).length <= settings_.rule(kind).length) {
      t.due = false;
      t.snoozed_to = to;
      t.coming_up_noted = false;
    }
  }
}

void BreakScheduler::catch_up_sleep(const Instant& now) {
  const Duration slept = now.suspended_since_boot() - suspended_seen_;
  suspended_seen_ = now.suspended_since_boot();
  if (slept <= Duration{0} || !present_) return;  // while away, came_back measures it all
  // A suspend nobody announced: away from when it began, so it is neither worked nor lost as
  // a break.
  const BootTime fell_asleep = std::max(now.boot - slept, settled_at_);
  active_ += fell_asleep - settled_at_;
  settled_at_ = fell_asleep;
  present_ = false;
  away_since_ = Instant{now.wall - slept, fell_asleep, now.monotonic};
  presence_changed_at_ = fell_asleep;
  came_back(now);
}

void BreakScheduler::set_present(bool present, const Instant& since, const Instant& now) {
  catch_up_sleep(now);
  if (present == present_) return;
  if (present) {
    came_back(now);
  } else {
    settle(now);
    // Away is noticed late (after a threshold without input): the time since it began was
    // counted as worked, so take it back. A break reset in between keeps its start.
    const BootTime began = std::clamp(since.boot, presence_changed_at_, now.boot);
    active_ -= now.boot - began;
    for (ReminderKind kind : kBreakKinds) {
      timer(kind).reset_at = std::min(timer(kind).reset_at, active_);
    }
    present_ = false;
    away_since_ = since;
    away_since_->boot = began;
    presence_changed_at_ = began;
  }
  advance(now);
}

void BreakScheduler::came_back(const Instant& now) {
  const Duration away = away_since_ ? now.boot - away_since_->boot : Duration{0};
  const BootTime left_at = now.boot - away;
  present_ = true;
  settled_at_ = now.boot;
  presence_changed_at_ = now.boot;
  away_since_.reset();
  if (taking_) {
    const auto kind = taking_->kind;
    const bool left_after_choosing = left_at >= taking_->chosen_at - kLeaveGrace;
    if (left_after_choosing && away >= settings_.rule(kind).length) {
      note(now, kind, BreakEventType::taken, away);
      // It stood for the shorter breaks that had come due: they count as taken too.
      for (ReminderKind each : kBreakKinds) {
        const Timer& t = timer(each);
        if (each != kind && (t.due || t.snoozed_to) &&
            settings_.rule(each).length <= settings_.rule(kind).length) {
          note(now, each, BreakEventType::taken, away);
        }
      }
      reset(kind, true);
      end_streak();
      close(now, "taken");
    } else {
      note(now, kind, BreakEventType::cut_short, away);
      reset(kind, false);
      close(now, "cut short");
    }
    taking_.reset();
  }
  // Away long enough for a break is that break, taken without being asked.
  bool visible_reset = false;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    if (!rule.enabled || away < rule.length) continue;
    Timer& t = timer(kind);
    const bool asked = t.due || t.snoozed_to;  // it came due: the break counts as taken
    if (asked) {
      note(now, kind, BreakEventType::natural, away);
      end_streak();
    } else if (active_ > t.reset_at) {
      note(now, kind, BreakEventType::reset, away);
    }
    if (visible_ && visible_->kind == kind) visible_reset = true;
    t = fresh_timer();
  }
  if (visible_reset) close(now, "natural break");
}

void BreakScheduler::set_presenting(bool presenting, const Instant& now) {
  presenting_ = presenting;
  advance(now);
}

void BreakScheduler::set_do_not_disturb(bool on, const Instant& now) {
  do_not_disturb_ = on;
  advance(now);
}

void BreakScheduler::pause_until(std::optional<WallTime> until, const Instant& now) {
  paused_until_ = until;
  advance(now);
}

void BreakScheduler::set_goal_progress(const GoalProgress& progress, const Instant& now) {
  goal_ = progress;
  goal_as_of_ = now.boot;
  advance(now);
}

AnswerResult BreakScheduler::answer(BreakAnswer answer, const Instant& now) {
  if (!visible_) return AnswerResult::nothing_visible;
  settle(now);
  const ReminderKind kind = visible_->kind;
  const ReminderPhase phase = visible_->phase;
  if (!is_break_phase(phase)) {
    if (answer != BreakAnswer::skip) return AnswerResult::not_a_break;
    close(now, "dismissed");
    advance(now);
    return AnswerResult::ok;
  }
  if (phase == ReminderPhase::taking) {
    if (answer != BreakAnswer::skip) return AnswerResult::already_taking;
    note(now, kind, BreakEventType::cut_short, Duration{0}, "skipped while taking");
    taking_.reset();
    reset(kind, false);
    close(now, "skipped");
    advance(now);
    return AnswerResult::ok;
  }
  Timer& t = timer(kind);
  switch (answer) {
    case BreakAnswer::take:
      taking_ = Taking{kind, now.boot, now.wall + settings_.rule(kind).length};
      break;
    case BreakAnswer::snooze:
      if (t.snoozes >= settings_.max_snoozes) return AnswerResult::snooze_limit;
      ++t.snoozes;
      t.snoozed_to = std::max(active_, due_at(kind)) + settings_.snooze;
      t.due = false;
      t.coming_up_noted = false;  // a snoozed break comes back due, without a notice
      postpone_shorter(kind, *t.snoozed_to);
      ++streak_;
      note(now, kind, BreakEventType::snoozed, settings_.snooze);
      close(now, "snoozed");
      break;
    case BreakAnswer::skip:
      ++streak_;
      note(now, kind, BreakEventType::skipped);
      reset(kind, true);  // it stood for the shorter breaks too
      close(now, "skipped");
      break;
  }
  advance(now);
  return AnswerResult::ok;
}

void BreakScheduler::dismissed(const Instant& now) {
  if (!visible_) return;
  settle(now);
  const ReminderKind kind = visible_->kind;
  switch (visible_->phase) {
    case ReminderPhase::due:
      ++streak_;
      note(now, kind, BreakEventType::skipped, Duration{0}, "dismissed");
      reset(kind, true);
      break;
    case ReminderPhase::coming_up:
      // Closing the notice is not an answer to the break itself.
      timer(kind).coming_up_hidden = true;
      break;
    case ReminderPhase::taking:  // the break goes on; only its notice went
      taking_hidden_ = true;
      break;
    case ReminderPhase::goal_warning:
    case ReminderPhase::goal_reached:
      break;
  }
  close(now, "dismissed");
  advance(now);
}

void BreakScheduler::mark_due(const Instant& now) {
  const Duration clock = active_clock(now);
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    Timer& t = timer(kind);
    if (!rule.enabled || t.due) continue;
    const Duration due = due_at(kind);
    if (clock >= due) {
      t.due = true;
      if (!t.snoozed_to) note(now, kind, BreakEventType::due);
      bring_longer_forward(kind, clock, now);
    } else if (rule.notice > Duration{0} && !t.snoozed_to && !t.coming_up_noted &&
               clock >= due - rule.notice) {
      t.coming_up_noted = true;
      note(now, kind, BreakEventType::coming_up, due - clock);
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
void BreakScheduler::bring_longer_forward(ReminderKind shorter, Duration clock,
                                          const Instant& now) {
  const BreakRule& short_rule = settings_.rule(shorter);
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    Timer& t = timer(kind);
    if (!rule.enabled || t.due || rule.length <= short_rule.length) continue;
    const Duration early = due_at(kind) - clock;
    if (early > std::max(rule.notice, short_rule.notice)) continue;
    t.due = true;
    if (!t.snoozed_to) note(now, kind, BreakEventType::due, early, "early");
  }
}

Duration BreakScheduler::goal_used(const Instant& now) const {
  Duration used = goal_.used;
  if (goal_.counting && now.boot > goal_as_of_) used += now.boot - goal_as_of_;
  return used;
}

std::optional<Reminder> BreakScheduler::wanted(const Instant& now) const {
  Reminder r;
  r.streak = streak_;
  r.nag = settings_.nag_after > 0 && streak_ >= settings_.nag_after;
  if (taking_) {
    if (taking_hidden_) return std::nullopt;
    r.kind = taking_->kind;
    r.phase = ReminderPhase::taking;
    r.length = settings_.rule(r.kind).length;
    r.back_at = taking_->back_at;
    r.nag = false;
    return r;
  }
  // The longest break due first: taking it also covers the shorter ones.
  std::optional<ReminderKind> due;
  std::optional<ReminderKind> coming;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    const Timer& t = timer(kind);
    if (!rule.enabled) continue;
    if (t.due && (!due || rule.length > settings_.rule(*due).length)) due = kind;
    if (!t.due && t.coming_up_noted && !t.coming_up_hidden) coming = kind;
  }
  if (due) {
    const Timer& t = timer(*due);
    r.kind = *due;
    r.phase = ReminderPhase::due;
    r.length = settings_.rule(*due).length;
    r.snoozes = t.snoozes;
    r.can_snooze = t.snoozes < settings_.max_snoozes;
    if (visible_ && visible_->phase == ReminderPhase::due && visible_since_ && present_ &&
        settings_.overdue_update > Duration{0}) {
      const auto waited = now.boot - *visible_since_;
      r.overdue = waited / settings_.overdue_update * settings_.overdue_update;
    } else if (visible_ && visible_->phase == ReminderPhase::due) {
      r.overdue = visible_->overdue;
    }
    return r;
  }
  if (settings_.goal_enabled) {
    const Duration used = goal_used(now);
    const bool reached = used >= settings_.daily_goal;
    const GoalMark mark = goal_mark();
    const bool reached_pending = reached && goal_reached_ != mark;
    const bool warn_pending =
        !reached && used * 5 >= settings_.daily_goal * 4 && goal_warned_ != mark;
    // A notice stays only for the day and goal it was shown for: yesterday's "reached", or a
    // warning about a goal since changed, goes.
    const bool visible_goal =
        visible_ && !is_break_phase(visible_->phase) &&
        (visible_->phase == ReminderPhase::goal_reached ? goal_reached_ : goal_warned_) == mark;
    if (reached_pending || warn_pending || visible_goal) {
      r.kind = ReminderKind::goal;
      r.phase = reached_pending ? ReminderPhase::goal_reached
                : warn_pending  ? ReminderPhase::goal_warning
                                : visible_->phase;
      r.goal = settings_.daily_goal;
      // The figure as it was when shown: an update every minute would be noise.
      r.goal_used = visible_goal && visible_->phase == r.phase ? visible_->goal_used : used;
      r.nag = false;
      r.streak = 0;
      return r;
    }
  }
  if (coming) {
    r.kind = *coming;
    r.phase = ReminderPhase::coming_up;
    r.length = settings_.rule(*coming).length;
    // As it was when shown: a countdown updated at every event would only be noise.
    const bool same =
        visible_ && visible_->phase == ReminderPhase::coming_up && visible_->kind == *coming;
    r.due_in = same ? visible_->due_in : std::max(Duration{0}, due_at(*coming) - active_clock(now));
    r.snoozes = timer(*coming).snoozes;
    r.can_snooze = r.snoozes < settings_.max_snoozes;
    r.nag = false;
    return r;
  }
  return std::nullopt;
}

std::vector<std::string> BreakScheduler::holds(const Instant& now) const {
  std::vector<std::string> reasons;
  if (!present_) reasons.emplace_back("away");
  if (paused_until_ && now.wall < *paused_until_) reasons.emplace_back("paused");
  if (do_not_disturb_) reasons.emplace_back("do-not-disturb");
  if (presenting_) reasons.emplace_back("presenting");
  return reasons;
}

std::string BreakScheduler::hold_reason(const Instant& now) const {
  auto reasons = holds(now);
  return reasons.empty() ? std::string{} : std::move(reasons.front());
}

void BreakScheduler::close(const Instant& now, std::string why) {
  if (!visible_) return;
  note(now, visible_->kind, BreakEventType::closed, Duration{0}, std::move(why));
  visible_.reset();
  visible_since_.reset();
  last_reminder_end_ = now.boot;
}

void BreakScheduler::advance(const Instant& now) {
  catch_up_sleep(now);
  if (paused_until_ && now.wall >= *paused_until_) paused_until_.reset();
  if (taking_ && present_ && now.boot >= taking_->chosen_at + never_left_after(taking_->kind)) {
    settle(now);
    note(now, taking_->kind, BreakEventType::cut_short, Duration{0}, "never left");
    reset(taking_->kind, false);
    taking_.reset();
    close(now, "never left");
  }
  if (!taking_) taking_hidden_ = false;
  mark_due(now);

  auto want = wanted(now);
  const std::string hold = hold_reason(now);
  const bool withdraws = !hold.empty() && hold != "away";
  if (!want) {
    if (visible_) close(now, "no longer due");
    last_hold_noted_.clear();
    withdrawn_ = false;
    return;
  }
  const bool taking = want->phase == ReminderPhase::taking;
  if (visible_ && withdraws && !taking) {
    note(now, visible_->kind, BreakEventType::withdrawn, Duration{0}, hold);
    visible_.reset();
    visible_since_.reset();
    withdrawn_ = true;
  }
  const bool in_place =
      visible_ && (is_break_phase(visible_->phase) == is_break_phase(want->phase));
  if (in_place) {
    if (same_content(*want, *visible_)) return;
    const bool newly_due = want->phase == ReminderPhase::due &&
                           (visible_->phase != ReminderPhase::due || visible_->kind != want->kind);
    if (newly_due) {  // a notice turned due, or a longer break took over: waiting starts now
      visible_since_ = now.boot;
      want->overdue = Duration{0};
    }
    want->revision = ++revision_;
    visible_ = *want;
    note(now, want->kind, newly_due ? BreakEventType::shown : BreakEventType::updated);
    mark_goal_shown(*want);
    return;
  }
  // A fresh reminder: not while held, and not within min_gap of the last one.
  if (!taking && !hold.empty()) {
    note_held(now, want->kind, hold);
    return;
  }
  // A reminder withdrawn by a hold comes back as it was, gap or not.
  if (!taking && !withdrawn_ && last_reminder_end_ &&
      now.boot < *last_reminder_end_ + settings_.min_gap) {
    note_held(now, want->kind, "gap");
    return;
  }
  last_hold_noted_.clear();
  withdrawn_ = false;
  if (visible_) close(now, "replaced");
  want->revision = ++revision_;
  want->overdue = Duration{0};
  visible_ = *want;
  visible_since_ = now.boot;
  last_reminder_end_ = now.boot;
  note(now, want->kind, BreakEventType::shown);
  mark_goal_shown(*want);
}

void BreakScheduler::note_held(const Instant& now, ReminderKind kind, const std::string& why) {
  if (last_hold_noted_ == why) return;
  last_hold_noted_ = why;
  note(now, kind, BreakEventType::held_back, Duration{0}, why);
}

void BreakScheduler::mark_goal_shown(const Reminder& shown) {
  const GoalMark mark = goal_mark();
  // "Reached" covers the 80 % notice too: a goal lowered below what is used says so once.
  if (shown.phase == ReminderPhase::goal_reached && goal_reached_ != mark) {
    goal_reached_ = mark;
    goal_warned_ = mark;
    events_.push_back({events_.back().at,
                       UtcOffset{},
                       ReminderKind::goal,
                       BreakEventType::goal_reached,
                       shown.goal_used,
                       {}});
  } else if (shown.phase == ReminderPhase::goal_warning && goal_warned_ != mark) {
    goal_warned_ = mark;
    events_.push_back({events_.back().at,
                       UtcOffset{},
                       ReminderKind::goal,
                       BreakEventType::goal_warned,
                       shown.goal_used,
                       {}});
  }
}

Duration BreakScheduler::never_left_after(ReminderKind kind) const {
  return 2 * settings_.rule(kind).length + kLeaveGrace;
}

std::optional<BootTime> BreakScheduler::next_deadline(const Instant& now) const {
  if (!present_) return std::nullopt;  // nothing comes due while the user is away
  std::optional<BootTime> next;
  const auto consider = [&next, &now](BootTime at) {
    at = std::max(at, now.boot);
    if (!next || at < *next) next = at;
  };
  const Duration clock = active_clock(now);
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    const Timer& t = timer(kind);
    if (!rule.enabled || t.due) continue;
    const Duration due = due_at(kind);
    consider(now.boot + (due - clock));
    if (rule.notice > Duration{0} && !t.snoozed_to && !t.coming_up_noted) {
      consider(now.boot + (due - rule.notice - clock));
    }
  }
  if (taking_) consider(taking_->chosen_at + never_left_after(taking_->kind));
  if (paused_until_) consider(boot_at_wall(now, *paused_until_));
  if (!last_hold_noted_.empty() && last_hold_noted_ == "gap" && last_reminder_end_) {
    consider(*last_reminder_end_ + settings_.min_gap);
  }
  if (visible_ && visible_->phase == ReminderPhase::due && visible_since_ &&
      settings_.overdue_update > Duration{0}) {
    const auto steps = (now.boot - *visible_since_) / settings_.overdue_update + 1;
    consider(*visible_since_ + steps * settings_.overdue_update);
  }
  if (settings_.goal_enabled && goal_.counting) {
    const Duration used = goal_used(now);
    const Duration warn_at = settings_.daily_goal * 4 / 5;
    if (goal_warned_ != goal_mark() && used < warn_at) consider(now.boot + (warn_at - used));
    if (goal_reached_ != goal_mark() && used < settings_.daily_goal) {
      consider(now.boot + (settings_.daily_goal - used));
    }
  }
  return next;
}

BreakStatus BreakScheduler::status(const Instant& now) const {
  BreakStatus status;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    const Timer& t = timer(kind);
    BreakTimerStatus timer_status{kind, rule.enabled, worked(kind, now), Duration{0}, t.snoozes};
    if (!t.due) timer_status.due_in = std::max(Duration{0}, due_at(kind) - active_clock(now));
    status.timers.push_back(timer_status);
  }
  status.visible = visible_;
  if (visible_ && visible_->phase == ReminderPhase::coming_up) {
    status.visible->due_in = std::max(Duration{0}, due_at(visible_->kind) - active_clock(now));
  }
  status.holds = holds(now);
  if (paused_until_ && now.wall < *paused_until_) status.paused_until = paused_until_;
  status.streak = streak_;
  return status;
}

std::vector<BreakEvent> BreakScheduler::drain_events() { return std::exchange(events_, {}); }

BreakSnapshot BreakScheduler::snapshot(const Instant& now) const {
  BreakSnapshot saved;
  saved.taken_at = now.wall;
  const Duration clock = active_clock(now);
  for (ReminderKind kind : kBreakKinds) {
    const Timer& t = timer(kind);
    BreakTimerSnapshot& each = saved.timer(kind);
    each.worked = worked(kind, now);
    each.snoozes = t.snoozes;
    if (t.snoozed_to) each.snoozed_for = std::max(Duration{0}, *t.snoozed_to - clock);
  }
  saved.streak = streak_;
  if (paused_until_ && now.wall < *paused_until_) saved.paused_until = paused_until_;
  return saved;
}

void BreakScheduler::restore(const BreakSnapshot& saved, const Instant& now) {
  settle(now);
  const Duration gap = std::max(Duration{0}, now.wall - saved.taken_at);
  streak_ = saved.streak;
  for (ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings_.rule(kind);
    const BreakTimerSnapshot& each = saved.timer(kind);
    Timer& t = timer(kind);
    t = fresh_timer();
    if (!rule.enabled) continue;
    if (gap >= rule.length) {
      // Away that long: a natural break. One it had asked for ends the streak, as in
      // came_back().
      if (each.snoozed_for || each.worked >= rule.every) end_streak();
      continue;
    }
    t.reset_at = active_ - each.worked;
    t.snoozes = each.snoozes;
    if (each.snoozed_for) t.snoozed_to = active_ + *each.snoozed_for;
    // Due before the restart: its "due" was recorded then.
    t.due = !t.snoozed_to && active_ >= due_at(kind);
  }
  if (saved.paused_until && now.wall < *saved.paused_until) paused_until_ = saved.paused_until;
  advance(now);
}

}  // namespace screentime::core
