#include "daemon/core/user_session.hpp"

#include <algorithm>

namespace screentime::core {

std::string_view to_string(DeadlineReason reason) {
  switch (reason) {
    case DeadlineReason::checkpoint:
      return "checkpoint";
    case DeadlineReason::activity:
      return "activity";
    case DeadlineReason::breaks:
      return "break";
    case DeadlineReason::day:
      return "day";
    case DeadlineReason::limits:
      return "limits";
  }
  return "checkpoint";
}

SessionSettings session_settings(const Config& config) {
  return {config.checkpoint_interval,
          {config.idle_threshold, config.inhibitor_cap},
          config.breaks,
          config.day_start};
}

std::vector<Duration> input_thresholds(const SessionSettings& settings) {
  std::vector<Duration> thresholds = {settings.activity.idle_threshold};
  for (const ReminderKind kind : kBreakKinds) {
    const BreakRule& rule = settings.breaks.rule(kind);
    if (rule.enabled) thresholds.push_back(rule.length);
  }
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  return thresholds;
}

namespace {

AccountantSettings accountant_settings(const SessionSettings& settings) {
  AccountantSettings accounting;
  if (settings.keep_state_through_crash) accounting.crash_gap_kept = settings.checkpoint_every;
  return accounting;
}

}  // namespace

UserSession::UserSession(const Clock& clock, std::string boot_id, SessionSettings settings,
                         const UsageHistory& history)
    : clock_(clock),
      settings_(settings),
      history_(history),
      tracker_(clock, std::move(boot_id), settings.checkpoint_every, accountant_settings(settings)),
      arbiter_(settings.activity) {}

void UserSession::start(const std::optional<LastSeen>& previous,
                        const std::optional<BreakSnapshot>& saved) {
  const Instant now = clock_.now();
  record(tracker_.start(previous));
  breaks_ = std::make_unique<BreakScheduler>(settings_.breaks, now);
  if (saved) breaks_->restore(*saved, now);
  sync_reminders();
}

void UserSession::stop() { record(tracker_.stop()); }

void UserSession::set_settings(const SessionSettings& settings) {
  const Instant now = clock_.now();
  tracker_.set_checkpoint_interval(settings.checkpoint_every);
  arbiter_.set_settings(settings.activity);
  if (settings.breaks != settings_.breaks || settings.day_start != settings_.day_start) {
    goal_feed_.forget();  // the goal may have been off, or the day moved: read it afresh
  }
  const bool breaks_changed = settings.breaks != settings_.breaks;
  settings_ = settings;
  if (breaks_ && breaks_changed) breaks_->set_settings(settings_.breaks, now);
  reevaluate();
}

void UserSession::set_login_session(std::optional<SessionFacts> facts,
                                    std::optional<Instant> idle_since) {
  login_session_ = facts;
  if (facts) facts->sleeping = sleeping_;  // the session's news does not end a suspend
  if (sleeping_ && !facts) facts = SessionFacts{true, false, true, false};
  arbiter_.set_session(facts, clock_.now(), idle_since);
  reevaluate();
}

void UserSession::before_sleep() {
  sleeping_ = true;
  SessionFacts facts = login_session_.value_or(SessionFacts{});
  facts.sleeping = true;
  arbiter_.set_session(facts, clock_.now());
  reevaluate();
}

void UserSession::after_sleep() {
  sleeping_ = false;
  arbiter_.set_session(login_session_, clock_.now());
  reevaluate();
}

void UserSession::set_screensaver_active(bool active) {
  arbiter_.set_screensaver_active(active, clock_.now());
  reevaluate();
}

void UserSession::set_input_source(std::string name) {
  if (name == arbiter_.input_source()) return;
  arbiter_.set_input_source(std::move(name));
  reevaluate();
}

void UserSession::input_idle(Duration threshold, const Instant& last_input) {
  arbiter_.input_paused(last_input);
  if (threshold == settings_.activity.idle_threshold) arbiter_.input_idle_since(last_input);
  reevaluate();
}

void UserSession::input_paused(const Instant& last_input) {
  arbiter_.input_paused(last_input);
  reevaluate();
}

void UserSession::input_seen() {
  record_idle_before(clock_.now());
  arbiter_.input_seen();
  reevaluate();
}

void UserSession::set_inhibitors(std::vector<Inhibitor> held) {
  arbiter_.set_inhibitors(std::move(held), clock_.now());
  reevaluate();
}

void UserSession::set_fullscreen(bool on) {
  fullscreen_ = on;
  reevaluate();
}

void UserSession::report_state(std::optional<StateDecision> state, const Instant& since) {
  arbiter_.set_reported_state(std::move(state), since);
  reevaluate();
}

void UserSession::wake_up() {
  record(tracker_.wake_up());
  if (limits_) limits_->on_deadline();  // a new day, a warning, the grace, a clock change
  reevaluate();  // the inhibitor cap may have run out; the reminders catch up too
}

void UserSession::set_limits(std::optional<UserLimits> limits) {
  if (!limits) {
    limits_.reset();
    return;
  }
  if (limits_) {
    limits_->set_limits(std::move(*limits));
  } else {
    limits_.emplace(clock_, std::move(*limits));
    seed_limits();
  }
  sync_limits();
}

void UserSession::grant(Duration extra) {
  if (!limits_) return;
  limits_->grant(extra);
  sync_limits();
}

// Limits count by local midnight; the history's active time from this week's Monday to
// today, the open interval included, is what was used already, and its grants are kept.
void UserSession::seed_limits() {
  const Instant now = clock_.now();
  const LocalDate today = attributed_day(now.wall, clock_.utc_offset(now.wall), DayStart{0});
  const std::chrono::sys_days last{today};
  const auto monday = last - std::chrono::days{weekday_index(last)};
  const auto open = tracker_.accountant().open_interval(now);
  // Intervals closed since the last drain() are not in the history yet: a start after a crash
  // closes the run's checkpointed use (hours, perhaps) just before the limits are set.
  std::vector<Interval> undrained;
  for (const TrackerOutput& step : pending_.tracker) {
    undrained.insert(undrained.end(), step.closed.begin(), step.closed.end());
  }
  const std::vector<DayTotals> undrained_days =
      totals_per_day(undrained, LocalDate{monday}, today, DayStart{0});
  for (auto day = monday; day <= last; day += std::chrono::days{1}) {
    Duration used = history_.stored_active_on(LocalDate{day}, DayStart{0});
    used += undrained_days[static_cast<std::size_t>((day - monday).count())]
                .totals[ActivityState::active];
    if (day == last && open && open->state == ActivityState::active) used += open->duration;
    limits_->set_used(LocalDate{day}, used);
    limits_->set_granted(LocalDate{day}, history_.granted_on(LocalDate{day}));
  }
}

// The policy counts what is recorded: the arbiter's decision, after every rule of its own.
void UserSession::sync_limits() {
  if (!limits_) return;
  const ActivityState state = tracker_.accountant().state();
  const LimitPresence presence{state == ActivityState::active || state == ActivityState::idle,
                               state == ActivityState::idle};
  limits_->set_presence(presence);
  for (auto& notice : limits_->drain()) pending_.limit_notices.push_back(notice);
}

AnswerResult UserSession::answer(BreakAnswer answer) {
  const AnswerResult result = breaks_->answer(answer, clock_.now());
  sync_reminders();
  return result;
}

void UserSession::dismissed() {
  breaks_->dismissed(clock_.now());
  sync_reminders();
}

void UserSession::set_do_not_disturb(bool on) {
  breaks_->set_do_not_disturb(on, clock_.now());
  sync_reminders();
}

void UserSession::pause_until(std::optional<WallTime> until) {
  breaks_->pause_until(until, clock_.now());
  sync_reminders();
}

void UserSession::reread_goal() {
  goal_feed_.forget();
  sync_reminders();
}

void UserSession::refresh() { reevaluate(); }

void UserSession::record_idle_before(const Instant& now) {
  const auto open = tracker_.accountant().open_interval(now);
  if (!open || open->state != ActivityState::active) return;
  if (const auto idle = arbiter_.idle_before(now)) {
    record(tracker_.change_state(idle->since, idle->decision.state, idle->decision.source,
                                 idle->decision.detail));
    pending_.state_changed = true;
  }
}

void UserSession::reevaluate() {
  const Instant now = clock_.now();
  const ArbitratedState decided = arbiter_.decide(now);
  if (decided.decision.state != ActivityState::active) record_idle_before(now);
  const auto open = tracker_.accountant().open_interval(now);
  // Only a change is recorded: the same state again would only clamp its start.
  if (open && (open->state != decided.decision.state || open->source != decided.decision.source ||
               open->detail != decided.decision.detail)) {
    record(tracker_.change_state(decided.since, decided.decision.state, decided.decision.source,
                                 decided.decision.detail));
    pending_.state_changed = true;
  }
  sync_limits();
  sync_reminders();
}

void UserSession::record(TrackerOutput output) {
  const Instant now = clock_.now();
  for (const auto& note : output.notes) {
    // A suspend nobody announced: the user was away all along, and the goal did not grow.
    if (breaks_ && note.kind == AccountingNote::Kind::sleep_detected) {
      if (present_) {
        breaks_->set_present(false, now.earlier_by(note.amount), now);
        breaks_->set_present(true, now, now);
      }
      goal_feed_.forget();
    }
  }
  // The break state goes with every checkpoint, in the same flush: no write of its own.
  if (output.checkpoint && breaks_) pending_.break_snapshot = breaks_->snapshot(now);
  if (!output.closed.empty() || output.checkpoint || !output.notes.empty()) {
    pending_.tracker.push_back(std::move(output));
  }
}

void UserSession::sync_reminders() {
  if (!breaks_) return;
  const Instant now = clock_.now();
  const Presence presence = arbiter_.presence(now);
  if (presence.present != present_) {
    present_ = presence.present;
    breaks_->set_present(present_, present_ ? now : presence.since, now);
  }
  if (presenting() != presenting_) {
    presenting_ = presenting();
    breaks_->set_presenting(presenting_, now);
  }
  sync_goal();
  breaks_->advance(now);
  for (auto& event : breaks_->drain_events()) pending_.break_events.push_back(std::move(event));
  if (breaks_->visible() != reminder_drained_) pending_.reminder_changed = true;
}

void UserSession::sync_goal() {
  if (!settings_.breaks.goal_enabled) return;
  const Instant now = clock_.now();
  const bool counting = tracker_.accountant().state() == ActivityState::active;
  const LocalDate today =
      attributed_day(now.wall, clock_.utc_offset(now.wall), settings_.day_start);
  const auto progress =
      goal_feed_.update(today, counting, [this](LocalDate day) { return active_on(day); });
  if (progress) breaks_->set_goal_progress(*progress, now);
}

Duration UserSession::active_on(LocalDate day) const {
  Duration active = history_.stored_active_on(day, settings_.day_start);
  if (const auto open = tracker_.accountant().open_interval(clock_.now())) {
    const Interval intervals[] = {*open};
    active += totals_per_day(intervals, day, day, settings_.day_start)
                  .front()
                  .totals[ActivityState::active];
  }
  return std::max(active, Duration::zero());
}

std::optional<SessionDeadline> UserSession::next_deadline() const {
  const Instant now = clock_.now();
  std::optional<SessionDeadline> next;
  const auto consider = [&](std::optional<BootTime> at, DeadlineReason reason) {
    if (at && (!next || *at < next->at)) next = SessionDeadline{*at, reason};
  };
  consider(tracker_.next_deadline(), DeadlineReason::checkpoint);
  consider(arbiter_.next_deadline(now), DeadlineReason::activity);
  if (breaks_) consider(breaks_->next_deadline(now), DeadlineReason::breaks);
  consider(next_day_for_goal(now), DeadlineReason::day);
  if (limits_) consider(limits_->next_deadline(), DeadlineReason::limits);
  return next;
}

std::optional<BootTime> UserSession::next_day_for_goal(const Instant& now) const {
  if (!breaks_ || !settings_.breaks.goal_enabled) return std::nullopt;
  const auto& visible = breaks_->visible();
  const bool notice_up = visible && visible->kind == ReminderKind::goal;
  if (!notice_up && tracker_.accountant().state() != ActivityState::active) return std::nullopt;
  const LocalDate today =
      attributed_day(now.wall, clock_.utc_offset(now.wall), settings_.day_start);
  const LocalDate tomorrow{std::chrono::sys_days{today} + std::chrono::days{1}};
  const WallTime starts = local_day_begins(tomorrow, settings_.day_start,
                                           [this](WallTime at) { return clock_.utc_offset(at); });
  if (starts <= now.wall) return std::nullopt;  // the wall clock runs ahead; the next event sees it
  return now.boot + (starts - now.wall);
}

SessionOutput UserSession::drain() {
  if (breaks_) reminder_drained_ = breaks_->visible();
  SessionOutput output = std::move(pending_);
  pending_ = {};
  return output;
}

}  // namespace screentime::core
