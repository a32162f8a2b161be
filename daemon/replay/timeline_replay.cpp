#include "daemon/replay/timeline_replay.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "daemon/core/posix_time_zone.hpp"
#include "daemon/replay/zoneinfo.hpp"

namespace screentime::replay {
namespace {

using core::ActivityState;
using core::Duration;
using nlohmann::ordered_json;
using Kind = TimelineEvent::Kind;

// More wake-ups than this at one boot-clock moment: a deadline that advancing never moves.
constexpr int kMaxWakeupsAtOneMoment = 100;

void print(std::ostream& out, const ordered_json& line) { out << line.dump() << '\n'; }

}  // namespace

TimelineReplay::TimelineReplay(std::ostream& out)
    : out_(out), zone_(std::make_shared<core::PosixTimeZone>(core::PosixTimeZone::utc())) {}

void TimelineReplay::print_header(int version) {
  format_ = version;
  header_printed_ = true;
  print(out_, {{"type", "format"}, {"version", version}});
}

std::string TimelineReplay::local(core::WallTime at) const {
  return core::format_iso8601(at, zone_->utc_offset(at));
}

bool TimelineReplay::feed(std::string_view line, int line_number) {
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || line[first] == '#') return true;
  try {
    std::optional<int> format;
    try {
      format = format_line(line);
    } catch (const std::exception&) {
      if (!header_printed_) print_header(1);
      throw;
    }
    if (format) {
      if (!header_printed_) {
        print_header(*format);
      } else if (*format != format_) {
        throw std::invalid_argument("the format line must be the first line");
      }
      return true;
    }
    if (!header_printed_) print_header(1);  // no format line: format 1
    apply(parse_timeline_event(line));
    return true;
  } catch (const std::exception& error) {
    print(out_, {{"type", "error"}, {"line", line_number}, {"message", error.what()}});
    return false;
  }
}

void TimelineReplay::apply(const TimelineEvent& event) {
  if (event.needs_format > format_) {
    const std::string needs = " {\"format\": " + std::to_string(event.needs_format) + "}";
    throw std::invalid_argument(event.kind == Kind::config
                                    ? "break settings need" + needs
                                    : "\"" + std::string(to_string(event)) + "\" needs" + needs);
  }
  if (!clock_) {
    clock_ = std::make_unique<core::FakeClock>(
        event.at.utc, zone_,
        event.boot.value_or(core::BootTime{std::chrono::minutes{1}}).time_since_epoch());
  } else {
    move_clocks_to(event);
  }
  const core::Instant now = clock_->now();
  core::Instant since = now;  // when a presence change took effect
  if (event.since) since = now.earlier_by(now.wall - event.since->utc);
  switch (event.kind) {
    case Kind::start:
      start_daemon(event);
      break;
    case Kind::stop:
    case Kind::crash:
      stop_daemon(event.kind == Kind::stop);
      break;
    case Kind::restart:
      stop_daemon(true);
      start_daemon(event);
      break;
    case Kind::state:
      if (!tracker_) throw std::invalid_argument("the daemon is not running");
      keep(tracker_->change_state(since, *event.state, event.source, event.detail), "state");
      break;
    case Kind::sleep:
      suspended_ = true;
      session_facts_.sleeping = true;
      arbiter_.set_session(session_facts_, now);
      if (tracker_) {
        state_before_sleep_ = tracker_->accountant().state();
        source_before_sleep_ = tracker_->accountant().open_interval(now)->source;
        keep(tracker_->change_state(now, ActivityState::asleep, "logind", "PrepareForSleep"),
             "sleep");
      }
      break;
    case Kind::wake:
      suspended_ = false;
      session_facts_.sleeping = false;
      arbiter_.set_session(session_facts_, now);
      if (tracker_) {
        keep(
            tracker_->change_state(now, event.state.value_or(state_before_sleep_),
                                   event.state ? event.source : source_before_sleep_, event.detail),
            "wake");
      }
      break;
    case Kind::clock:
    case Kind::timezone:
      if (event.kind == Kind::timezone) {
        zone_ = load_time_zone(event.time_zone);
        clock_->set_zone(zone_);
      }
      if (tracker_) keep(tracker_->wake_up(), to_string(event));
      break;
    case Kind::config:
      if (event.day_start) day_start_ = *event.day_start;
      if (event.checkpoint_interval) {
        checkpoint_every_ = *event.checkpoint_interval;
        if (tracker_) tracker_->set_checkpoint_interval(checkpoint_every_);
      }
      break;
    case Kind::totals:
      print_days(*event.from, *event.to);
      break;
    case Kind::lock:
    case Kind::unlock:
    case Kind::idle:
    case Kind::input:
      if (!tracker_) throw std::invalid_argument("the daemon is not running");
      apply_to_arbiter(event);
      since = arbiter_.decide(now).since;
      break;
    default:  // format 2: reminders only
      if (!tracker_) throw std::invalid_argument("the daemon is not running");
      break;
  }
  if (format_ >= 2) {
    apply_to_breaks(event, since);
    rearm();
  }
}

void TimelineReplay::start_daemon(const TimelineEvent& event) {
  if (tracker_) throw std::invalid_argument("the daemon is already running");
  if (event.reboot) {
    clock_->reboot(Duration::zero());
    boot_id_ = "boot-" + std::to_string(++boots_);
  }
  if (event.boot_id) boot_id_ = *event.boot_id;
  tracker_ = std::make_unique<core::UsageTracker>(*clock_, boot_id_, checkpoint_every_);
  keep(tracker_->start(last_seen_), "start");
}

void TimelineReplay::stop_daemon(bool clean) {
  if (!tracker_) throw std::invalid_argument("the daemon is not running");
  // A crash writes nothing: what the last checkpoint said (and the break state saved with
  // it) is all that survives. A clean stop checkpoints, which saves the break state too.
  if (clean) keep(tracker_->stop(), "stop");
  tracker_.reset();
}

// What the daemon's session and input sources report, merged by its ActivityArbiter and
// recorded as the daemon's reevaluate() does.
void TimelineReplay::apply_to_arbiter(const TimelineEvent& event) {
  const core::Instant now = clock_->now();
  arbiter_decides_ = true;
  switch (event.kind) {
    case Kind::lock:
    case Kind::unlock:
      session_facts_.locked = event.kind == Kind::lock;
      arbiter_.set_session(session_facts_, now);
      break;
    case Kind::idle: {
      if (arbiter_.input_source() != event.source) arbiter_.set_input_source(event.source);
      const core::Instant last_input =
          event.since ? now.earlier_by(now.wall - event.since->utc) : now;
      arbiter_.input_paused(last_input);
      arbiter_.input_idle_since(last_input);
      break;
    }
    case Kind::input:
      if (arbiter_.input_source() != event.source) arbiter_.set_input_source(event.source);
      arbiter_.input_seen();
      break;
    default:
      break;
  }
  const auto state = arbiter_.decide(now);
  keep(tracker_->change_state(state.since, state.decision.state, state.decision.source,
                              state.decision.detail),
       "state");
}

// The same event as the BreakScheduler sees it, after the tracker has.
void TimelineReplay::apply_to_breaks(const TimelineEvent& event, const core::Instant& since) {
  const core::Instant now = clock_->now();
  if (event.kind == Kind::config && !event.break_settings.empty()) {
    for (const auto& set : event.break_settings) set(break_settings_);
    goal_feed_.forget();  // the goal may have been off: read the day's figure afresh
    if (breaks_) breaks_->set_settings(break_settings_, now);
  }
  if (event.kind == Kind::stop || event.kind == Kind::crash || event.kind == Kind::restart) {
    stop_breaks();
    if (event.kind != Kind::restart) return;
  }
  if (event.kind == Kind::start || event.kind == Kind::restart) start_breaks();
  if (!breaks_) return;
  switch (event.kind) {
    case Kind::state:
      input_away_ = false;  // the source reported: any input pause is over
      break;
    case Kind::away:
      input_away_ = true;
      if (arbiter_decides_) arbiter_.input_paused(since);
      break;
    case Kind::back:
      input_away_ = false;
      if (arbiter_decides_) arbiter_.input_seen();
      break;
    case Kind::answer: {
      const auto result = breaks_->answer(event.answer, now);
      if (result != core::AnswerResult::ok) {
        print(out_, {{"type", "answer"},
                     {"at", local(now.wall)},
                     {"answer", core::to_string(event.answer)},
                     {"result", core::to_string(result)}});
      }
      break;
    }
    case Kind::dismiss:
      if (!breaks_->visible()) {
        print(out_, {{"type", "answer"},
                     {"at", local(now.wall)},
                     {"answer", "dismiss"},
                     {"result", core::to_string(core::AnswerResult::nothing_visible)}});
      }
      breaks_->dismissed(now);
      break;
    case Kind::pause: {
      core::WallTime until = now.wall;
      if (event.pause_for) until = now.wall + *event.pause_for;
      if (event.pause_until) until = event.pause_until->utc;
      if (event.pause_until_local) until = local_time_today_or_tomorrow(*event.pause_until_local);
      breaks_->pause_until(until, now);
      break;
    }
    case Kind::resume:
      breaks_->pause_until(std::nullopt, now);
      break;
    case Kind::dnd:
      breaks_->set_do_not_disturb(event.on, now);
      break;
    case Kind::presenting:
      breaks_->set_presenting(event.on, now);
      break;
    case Kind::goal: {
      // History from before the timeline: the figure is `used` now, and grows from there.
      const auto day = today();
      auto& before = goal_before_history_[std::chrono::sys_days{day}.time_since_epoch().count()];
      before += event.goal_used - active_on(day);
      sync_goal(true);
      break;
    }
    default:
      break;
  }
  sync_presence(since);
  sync_goal(false);
  breaks_->advance(now);
  report_breaks();
}

void TimelineReplay::start_breaks() {
  const core::Instant now = clock_->now();
  breaks_ = std::make_unique<core::BreakScheduler>(break_settings_, now);
  present_ = true;
  input_away_ = false;
  goal_feed_.forget();
  if (!saved_breaks_) return;
  // As the daemon's BreakReminders::start: go on from what the last run saved.
  breaks_->restore(*saved_breaks_, now);
  const auto status = breaks_->status(now);
  ordered_json line = {
      {"type", "restored"}, {"at", local(now.wall)}, {"saved_at", local(saved_breaks_->taken_at)}};
  for (const auto& timer : status.timers) {
    line[std::string(core::to_string(timer.kind)) + "_worked_ms"] = timer.worked.count();
  }
  if (status.streak > 0) line["streak"] = status.streak;
  if (status.paused_until) line["paused_until"] = local(*status.paused_until);
  print(out_, line);
}

// Present: the state is active and no short input pause is under way; with the arbiter,
// what it says, as in the daemon.
void TimelineReplay::sync_presence(const core::Instant& since) {
  if (!breaks_ || !tracker_) return;
  const core::Instant now = clock_->now();
  bool present =
      tracker_->accountant().state() == ActivityState::active && !input_away_ && !suspended_;
  core::Instant away_since = since;
  if (arbiter_decides_) {
    const auto presence = arbiter_.presence(now);
    present = presence.present && !suspended_;
    if (!presence.present) away_since = presence.since;
  }
  if (present == present_) return;
  present_ = present;
  breaks_->set_present(present, present ? now : away_since, now);
}

core::LocalDate TimelineReplay::today() const {
  const core::WallTime now = clock_->now().wall;
  return core::attributed_day(now, zone_->utc_offset(now), day_start_);
}

// The day's active time from the history the timeline produced, the open interval
// included, plus what a `goal` event said came before it.
core::Duration TimelineReplay::active_on(core::LocalDate day) const {
  std::vector<core::Interval> intervals = history_;
  if (tracker_) {
    if (auto open = tracker_->accountant().open_interval(clock_->now())) {
      intervals.push_back(*open);
    }
  }
  Duration active =
      core::totals_per_day(intervals, day, day, day_start_).front().totals[ActivityState::active];
  const auto before =
      goal_before_history_.find(std::chrono::sys_days{day}.time_since_epoch().count());
  if (before != goal_before_history_.end()) active += before->second;
  return std::max(active, Duration::zero());
}

// The goal's figure by the daemon's rule (GoalFeed), or read again when `reread`.
void TimelineReplay::sync_goal(bool reread) {
  if (!breaks_ || !tracker_ || !break_settings_.goal_enabled) return;
  if (reread) goal_feed_.forget();
  const bool counting = tracker_->accountant().state() == ActivityState::active;
  const auto progress =
      goal_feed_.update(today(), counting, [this](core::LocalDate day) { return active_on(day); });
  if (progress) breaks_->set_goal_progress(*progress, clock_->now());
}

void TimelineReplay::report_breaks() {
  if (!breaks_) return;
  for (const auto& event : breaks_->drain_events()) {
    ordered_json line = {{"type", "break"},
                         {"at", local(event.at)},
                         {"kind", core::to_string(event.kind)},
                         {"event", core::to_string(event.type)}};
    if (event.amount != Duration::zero()) line["amount_ms"] = event.amount.count();
    if (!event.detail.empty()) line["detail"] = event.detail;
    print(out_, line);
  }
  const auto& visible = breaks_->visible();
  if (visible == reminder_shown_) return;
  reminder_shown_ = visible;
  const core::Instant now = clock_->now();
  if (!visible) {
    print(out_, {{"type", "reminder"}, {"at", local(now.wall)}, {"phase", "none"}});
    return;
  }
  ordered_json line = {{"type", "reminder"},
                       {"at", local(now.wall)},
                       {"kind", core::to_string(visible->kind)},
                       {"phase", core::to_string(visible->phase)},
                       {"revision", visible->revision}};
  switch (visible->phase) {
    case core::ReminderPhase::coming_up:
      line["due_in_ms"] = visible->due_in.count();
      break;
    case core::ReminderPhase::due:
      if (visible->overdue != Duration::zero()) line["overdue_ms"] = visible->overdue.count();
      if (!visible->can_snooze) line["can_snooze"] = false;
      break;
    case core::ReminderPhase::taking:
      if (visible->back_at) line["back_at"] = local(*visible->back_at);
      break;
    case core::ReminderPhase::goal_warning:
    case core::ReminderPhase::goal_reached:
      line["goal_used_ms"] = visible->goal_used.count();
      line["goal_ms"] = visible->goal.count();
      break;
  }
  if (visible->snoozes > 0) line["snoozes"] = visible->snoozes;
  if (visible->streak > 0) line["streak"] = visible->streak;
  if (visible->nag) line["nag"] = true;
  print(out_, line);
}

// The daemon stops (or dies): the scheduler and its notification go with it.
void TimelineReplay::stop_breaks() {
  breaks_.reset();
  present_ = true;
  input_away_ = false;
  if (reminder_shown_) {
    reminder_shown_.reset();
    print(out_, {{"type", "reminder"}, {"at", local(clock_->now().wall)}, {"phase", "none"}});
  }
}

// The next moment a local time of day comes in the timeline's zone.
core::WallTime TimelineReplay::local_time_today_or_tomorrow(
    std::chrono::minutes time_of_day) const {
  const core::WallTime now = clock_->now().wall;
  const auto local_now = now + zone_->utc_offset(now);
  auto local = std::chrono::floor<std::chrono::days>(local_now) + time_of_day;
  if (local <= local_now) local += std::chrono::days{1};
  const core::WallTime guess = local - zone_->utc_offset(now);
  return local - zone_->utc_offset(guess);
}

void TimelineReplay::move_clocks_to(const TimelineEvent& event) {
  const core::Instant before = clock_->now();
  Duration elapsed;
  if (event.boot) {
    if (!event.reboot && *event.boot < before.boot) {
      throw std::invalid_argument("\"boot\" went backwards without a reboot");
    }
    elapsed = event.reboot ? Duration::zero() : *event.boot - before.boot;
  } else if (event.elapsed) {
    elapsed = *event.elapsed;
  } else if (event.kind == Kind::clock) {
    elapsed = Duration::zero();  // a clock change moves the wall clock only
  } else {
    elapsed = std::max(Duration::zero(), event.at.utc - before.wall);
  }
  const Duration asleep = suspended_ ? elapsed : event.slept;
  if (asleep > elapsed) throw std::invalid_argument("\"slept\" is longer than the time elapsed");

  wake_until(before.boot + (elapsed - asleep));  // the deadlines the daemon would have met
  clock_->advance(before.boot + (elapsed - asleep) - clock_->now().boot);
  clock_->suspend(asleep);
  wake_until(clock_->now().boot);  // a boot-clock deadline that passed in suspend fires on resume
  clock_->jump_wall(event.at.utc - clock_->now().wall);
}

// The single deadline the daemon arms: the tracker's, or the scheduler's when earlier.
void TimelineReplay::rearm() {
  const core::Instant now = clock_->now();
  auto deadline = tracker_ ? tracker_->next_deadline() : std::nullopt;
  const char* reason = deadline ? "checkpoint" : "nothing due";
  if (const auto due = breaks_ ? breaks_->next_deadline(now) : std::nullopt) {
    if (!deadline || *due < *deadline) {
      deadline = due;
      reason = "break";
    }
  }
  if (deadline == armed_deadline_) return;
  armed_deadline_ = deadline;
  print(out_, {{"type", "deadline"},
               {"at", deadline ? ordered_json(local(now.wall + (*deadline - now.boot)))
                               : ordered_json(nullptr)},
               {"reason", reason}});
}

void TimelineReplay::wake_until(core::BootTime until) {
  if (!tracker_) return;
  std::optional<core::BootTime> last_wakeup;
  int wakeups_at_last = 0;
  while (true) {
    const core::Instant now = clock_->now();
    auto due = tracker_->next_deadline();
    if (const auto breaks_due = breaks_ ? breaks_->next_deadline(now) : std::nullopt) {
      if (!due || *breaks_due < *due) due = breaks_due;
    }
    if (!due || *due > until) return;
    if (*due > now.boot) clock_->advance(*due - now.boot);
    wakeups_at_last = last_wakeup == clock_->now().boot ? wakeups_at_last + 1 : 1;
    last_wakeup = clock_->now().boot;
    if (wakeups_at_last > kMaxWakeupsAtOneMoment) {
      throw std::runtime_error("the core asks to wake at " + local(clock_->now().wall) +
                               " again and again: its deadline does not move");
    }
    print(out_, {{"type", "wakeup"}, {"at", local(clock_->now().wall)}, {"reason", "deadline"}});
    keep(tracker_->wake_up(), "deadline");
    if (breaks_) {
      sync_goal(false);  // as the daemon's on_deadline: a new day reads its own figure
      breaks_->advance(clock_->now());
      report_breaks();
      rearm();
    }
  }
}

void TimelineReplay::keep(core::TrackerOutput output, std::string_view reason) {
  const core::Instant now = clock_->now();
  for (const auto& note : output.notes) {
    print(out_, {{"type", "note"},
                 {"at", local(now.wall)},
                 {"kind", core::to_string(note.kind)},
                 {"amount_ms", note.amount.count()}});
    // A suspend nobody announced: the user was away all along, and the goal did not grow.
    if (breaks_ && note.kind == core::AccountingNote::Kind::sleep_detected) {
      if (present_) {
        breaks_->set_present(false, now.earlier_by(note.amount), now);
        breaks_->set_present(true, now, now);
      }
      goal_feed_.forget();  // read again once the intervals below are in history
    }
  }
  for (auto& interval : output.closed) {
    print(out_, {{"type", "interval"},
                 {"state", core::to_string(interval.state)},
                 {"start", core::format_iso8601(interval.start, interval.utc_offset)},
                 {"end", core::format_iso8601(interval.end(), interval.utc_offset)},
                 {"duration_ms", interval.duration.count()},
                 {"source", interval.source},
                 {"detail", interval.detail}});
    history_.push_back(std::move(interval));
  }
  sync_goal(false);
  if (output.checkpoint) {
    const auto& open = output.checkpoint->open;
    print(out_,
          {{"type", "checkpoint"},
           {"at", local(now.wall)},
           {"reason", reason},
           {"state", open ? core::to_string(open->state) : "stopped"},
           {"open_since", open ? ordered_json(core::format_iso8601(open->start, open->utc_offset))
                               : ordered_json(nullptr)}});
    last_seen_ = std::move(output.checkpoint);
    // The daemon saves the break state with every checkpoint, in the same flush.
    if (breaks_) saved_breaks_ = breaks_->snapshot(now);
  }
  if (format_ < 2) rearm();  // format 2 rearms once the scheduler has seen the event too
}
void TimelineReplay::print_days(core::LocalDate from, core::LocalDate to) {
  std::vector<core::Interval> intervals = history_;
  if (tracker_) {
    if (auto open = tracker_->accountant().open_interval(clock_->now())) {
      intervals.push_back(*open);
    }
  }
  for (const auto& day : core::totals_per_day(intervals, from, to, day_start_)) {
    ordered_json line = {{"type", "day"}, {"date", core::format_iso_date(day.day)}};
    for (ActivityState state : core::kAllActivityStates) {
      line[std::string(core::to_string(state)) + "_ms"] = day.totals[state].count();
    }
    line["total_ms"] = day.totals.total().count();
    print(out_, line);
  }
}

void TimelineReplay::finish() {
  if (!header_printed_) print_header(1);
  if (!clock_) return;
  std::optional<core::LocalDate> first, last;
  for (const auto& interval : history_) {
    const auto begins = core::attributed_day(interval.start, interval.utc_offset, day_start_);
    const auto ends =
        core::attributed_day(interval.end() - Duration{1}, interval.utc_offset, day_start_);
    if (!first || std::chrono::sys_days{begins} < std::chrono::sys_days{*first}) first = begins;
    if (!last || std::chrono::sys_days{ends} > std::chrono::sys_days{*last}) last = ends;
  }
  const core::Instant now = clock_->now();
  const auto today = core::attributed_day(now.wall, zone_->utc_offset(now.wall), day_start_);
  if (tracker_ || !first) {
    if (!first || std::chrono::sys_days{today} < std::chrono::sys_days{*first}) first = today;
    if (!last || std::chrono::sys_days{today} > std::chrono::sys_days{*last}) last = today;
  }
  print_days(*first, *last);
}

}  // namespace screentime::replay
