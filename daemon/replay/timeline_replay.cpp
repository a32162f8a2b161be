#include "daemon/replay/timeline_replay.hpp"

#include <array>
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

// How a checkpoint an event caused is labelled: what the sources report is a state change.
std::string_view checkpoint_reason(const TimelineEvent& event) {
  switch (event.kind) {
    case Kind::lock:
    case Kind::unlock:
    case Kind::idle:
    case Kind::input:
    case Kind::away:
    case Kind::back:
    case Kind::presenting:
    case Kind::inhibit:
    case Kind::uninhibit:
      return "state";
    case Kind::restart:
      return "start";  // its stop was reported as such
    default:
      return to_string(event);
  }
}

// More wake-ups than this at one boot-clock moment: a deadline that advancing never moves.
constexpr int kMaxWakeupsAtOneMoment = 100;

void print(std::ostream& out, const ordered_json& line) { out << line.dump() << '\n'; }

}  // namespace

TimelineReplay::TimelineReplay(std::ostream& out, std::string zoneinfo)
    : out_(out),
      zoneinfo_(std::move(zoneinfo)),
      zone_(std::make_shared<core::PosixTimeZone>(core::PosixTimeZone::utc())) {}

void TimelineReplay::print_header(int version) {
  format_ = version;
  header_printed_ = true;
  print(out_, {{"type", "format"}, {"version", version}});
}

std::string TimelineReplay::local(core::WallTime at) const {
  return protocol::format_iso8601(at, zone_->utc_offset(at));
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
  core::Instant since = now;  // when a change took effect
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
    case Kind::sleep:
      suspended_ = true;
      if (session_) session_->before_sleep();
      break;
    case Kind::wake:
      suspended_ = false;
      if (session_) {
        if (event.state) session_->report_state({{*event.state, event.source, event.detail}}, now);
        session_->after_sleep();
      }
      break;
    case Kind::clock:
    case Kind::timezone:
      if (event.kind == Kind::timezone) {
        zone_ = load_time_zone(event.time_zone, zoneinfo_);
        clock_->set_zone(zone_);
      }
      if (session_) session_->wake_up();
      break;
    case Kind::config:
      if (event.day_start) settings_.day_start = *event.day_start;
      if (event.checkpoint_interval) settings_.checkpoint_every = *event.checkpoint_interval;
      if (event.idle_threshold) settings_.activity.idle_threshold = *event.idle_threshold;
      if (event.inhibitor_cap) settings_.activity.inhibitor_cap = *event.inhibitor_cap;
      for (const auto& set : event.break_settings) set(settings_.breaks);
      if (session_) session_->set_settings(settings_);
      break;
    case Kind::totals:
      print_days(*event.from, *event.to);
      break;
    case Kind::limits:
      limits_ = event.limits;
      if (session_) session_->set_limits(limits_);
      break;
    default:
      apply_to_session(event, since);
      break;
  }
  report(checkpoint_reason(event));
}

// Every event the daemon's sources, its user or its notifier would bring.
void TimelineReplay::apply_to_session(const TimelineEvent& event, const core::Instant& since) {
  core::UserSession& session = running();
  switch (event.kind) {
    case Kind::state:
      session.report_state({{*event.state, event.source, event.detail}}, since);
      break;
    case Kind::lock:
    case Kind::unlock: {
      core::SessionFacts facts;
      facts.locked = event.kind == Kind::lock;
      session.set_login_session(facts);
      break;
    }
    case Kind::idle:
      session.set_input_source(event.source);
      session.input_idle(settings_.activity.idle_threshold, since);
      break;
    case Kind::input:
      session.set_input_source(event.source);
      session.input_seen();
      break;
    case Kind::away:
      session.input_paused(since);
      break;
    case Kind::back:
      session.input_seen();
      break;
    case Kind::answer: {
      const auto result = session.answer(event.answer);
      if (result != core::AnswerResult::ok) {
        print(out_, {{"type", "answer"},
                     {"at", local(clock_->now().wall)},
                     {"answer", core::to_string(event.answer)},
                     {"result", core::to_string(result)}});
      }
      break;
    }
    case Kind::dismiss:
      if (!session.breaks().visible()) {
        print(out_, {{"type", "answer"},
                     {"at", local(clock_->now().wall)},
                     {"answer", "dismiss"},
                     {"result", core::to_string(core::AnswerResult::nothing_visible)}});
      }
      session.dismissed();
      break;
    case Kind::pause: {
      core::WallTime until = clock_->now().wall;
      if (event.pause_for) until += *event.pause_for;
      if (event.pause_until) until = event.pause_until->utc;
      if (event.pause_until_local) until = local_time_today_or_tomorrow(*event.pause_until_local);
      session.pause_until(until);
      break;
    }
    case Kind::resume:
      session.pause_until(std::nullopt);
      break;
    case Kind::grant:
      session.grant(event.extra);
      break;
    case Kind::dnd:
      session.set_do_not_disturb(event.on);
      break;
    case Kind::presenting:
      session.set_fullscreen(event.on);
      break;
    case Kind::inhibit:
    case Kind::uninhibit: {
      auto held = session.arbiter().inhibitors();
      std::erase_if(held, [&](const core::Inhibitor& one) { return one.who == event.who; });
      if (event.kind == Kind::inhibit) held.push_back({event.source, event.who, event.why});
      session.set_inhibitors(std::move(held));
      break;
    }
    case Kind::goal: {
      // Use the history does not hold: the day's figure is `used` now, and grows from there.
      const auto day = today();
      auto& before = goal_before_history_[std::chrono::sys_days{day}.time_since_epoch().count()];
      before += event.goal_used - session.active_on(day);
      session.reread_goal();
      break;
    }
    default:
      break;
  }
}

core::UserSession& TimelineReplay::running() {
  if (!session_) throw std::invalid_argument("the daemon is not running");
  return *session_;
}

void TimelineReplay::start_daemon(const TimelineEvent& event) {
  if (session_) throw std::invalid_argument("the daemon is already running");
  if (event.reboot) {
    clock_->reboot(Duration::zero());
    boot_id_ = "boot-" + std::to_string(++boots_);
  }
  if (event.boot_id) boot_id_ = *event.boot_id;
  core::SessionSettings settings = settings_;
  if (format_ < 2) {  // format 1 never runs the reminders
    settings.breaks.eye.enabled = false;
    settings.breaks.movement.enabled = false;
    settings.breaks.goal_enabled = false;
  }
  // Limits are the system role's, and so is its rule for the gap after a crash.
  if (limits_) settings.keep_state_through_crash = true;
  const core::UsageHistory& history = *this;
  session_ = std::make_unique<core::UserSession>(*clock_, boot_id_, settings, history);
  restored_from_.reset();
  if (format_ >= 2 && saved_breaks_) restored_from_ = saved_breaks_->taken_at;
  session_->start(last_seen_, format_ >= 2 ? saved_breaks_ : std::nullopt);
  if (limits_) session_->set_limits(limits_);
}

void TimelineReplay::stop_daemon(bool clean) {
  core::UserSession& session = running();
  // A crash writes nothing: what the last checkpoint said (and the break state saved with
  // it) is all that survives.
  if (clean) {
    session.stop();
    print_output(session.drain(), "stop");
  }
  session_.reset();
  // The notification goes with the daemon.
  if (reminder_shown_) {
    reminder_shown_.reset();
    print(out_, {{"type", "reminder"}, {"at", local(clock_->now().wall)}, {"phase", "none"}});
  }
  // Nothing is armed any more (a format-1 crash says so at the next start, as it always did).
  if (clean || format_ >= 2) rearm();
}

void TimelineReplay::report(std::string_view reason) {
  if (!session_) return;  // stopped or crashed: stop_daemon() said so
  print_output(session_->drain(), reason);
  rearm();
}

void TimelineReplay::print_output(core::SessionOutput output, std::string_view reason) {
  for (const auto& step : output.tracker) print_tracker_step(step, reason);
  if (output.break_snapshot) saved_breaks_ = std::move(output.break_snapshot);
  if (format_ >= 2) {
    if (restored_from_) print_restored();
    print_break_events(output.break_events);
    print_reminder();
  }
  if (format_ >= 3) print_limit_notices(output.limit_notices);
}

void TimelineReplay::print_restored() {
  const core::Instant now = clock_->now();
  const auto status = session_->breaks().status(now);
  ordered_json line = {
      {"type", "restored"}, {"at", local(now.wall)}, {"saved_at", local(*restored_from_)}};
  restored_from_.reset();
  for (const auto& timer : status.timers) {
    line[std::string(core::to_string(timer.kind)) + "_worked_ms"] = timer.worked.count();
  }
  if (status.streak > 0) line["streak"] = status.streak;
  if (status.paused_until) line["paused_until"] = local(*status.paused_until);
  print(out_, line);
}

void TimelineReplay::print_tracker_step(const core::TrackerOutput& step, std::string_view reason) {
  const core::Instant now = clock_->now();
  for (const auto& note : step.notes) {
    print(out_, {{"type", "note"},
                 {"at", local(now.wall)},
                 {"kind", core::to_string(note.kind)},
                 {"amount_ms", note.amount.count()}});
  }
  for (const auto& interval : step.closed) {
    print(out_, {{"type", "interval"},
                 {"state", core::to_string(interval.state)},
                 {"start", protocol::format_iso8601(interval.start, interval.utc_offset)},
                 {"end", protocol::format_iso8601(interval.end(), interval.utc_offset)},
                 {"duration_ms", interval.duration.count()},
                 {"source", interval.source},
                 {"detail", interval.detail}});
    history_.push_back(interval);
  }
  if (step.checkpoint) {
    const auto& open = step.checkpoint->open;
    print(out_, {{"type", "checkpoint"},
                 {"at", local(now.wall)},
                 {"reason", reason},
                 {"state", open ? core::to_string(open->state) : "stopped"},
                 {"open_since",
                  open ? ordered_json(protocol::format_iso8601(open->start, open->utc_offset))
                       : ordered_json(nullptr)}});
    last_seen_ = step.checkpoint;
  }
}

void TimelineReplay::print_limit_notices(const std::vector<core::LimitNotice>& notices) {
  static constexpr std::array<const char*, 4> kNames = {"warning", "reached", "enforce",
                                                        "allowed_again"};
  for (const auto& notice : notices) {
    ordered_json line = {{"type", "limit"},
                         {"at", local(notice.at)},
                         {"notice", kNames[static_cast<std::size_t>(notice.kind)]}};
    if (notice.kind == core::LimitNotice::Kind::warning) line["left_ms"] = notice.left.count();
    if (notice.kind == core::LimitNotice::Kind::reached ||
        notice.kind == core::LimitNotice::Kind::enforce) {
      line["reason"] = core::to_string(notice.reason);
      line["action"] = core::to_string(notice.action);
    }
    print(out_, line);
  }
}

void TimelineReplay::print_break_events(const std::vector<core::BreakEvent>& events) {
  for (const auto& event : events) {
    ordered_json line = {{"type", "break"},
                         {"at", local(event.at)},
                         {"kind", core::to_string(event.kind)},
                         {"event", core::to_string(event.type)}};
    if (event.amount != Duration::zero()) line["amount_ms"] = event.amount.count();
    if (!event.detail.empty()) line["detail"] = event.detail;
    print(out_, line);
  }
}

void TimelineReplay::print_reminder() {
  const auto& visible = session_->breaks().visible();
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

// The next moment a local time of day comes in the timeline's zone.
core::WallTime TimelineReplay::local_time_today_or_tomorrow(
    std::chrono::minutes time_of_day) const {
  const core::WallTime now = clock_->now().wall;
  const auto offset_at = [this](core::WallTime at) { return zone_->utc_offset(at); };
  const core::LocalDate today = core::attributed_day(now, offset_at(now), core::DayStart{0});
  const core::WallTime at = core::local_day_begins(today, time_of_day, offset_at);
  if (at > now) return at;
  return core::local_day_begins(
      core::LocalDate{std::chrono::sys_days{today} + std::chrono::days{1}}, time_of_day, offset_at);
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

// The single deadline the daemon arms, as the session computes it.
void TimelineReplay::rearm() {
  const core::Instant now = clock_->now();
  const auto deadline = session_ ? session_->next_deadline() : std::nullopt;
  const std::optional<core::BootTime> at =
      deadline ? std::optional<core::BootTime>(deadline->at) : std::nullopt;
  if (at == armed_at_) return;
  armed_at_ = at;
  print(out_,
        {{"type", "deadline"},
         {"at", at ? ordered_json(local(now.wall + (*at - now.boot))) : ordered_json(nullptr)},
         {"reason", deadline ? core::to_string(deadline->reason) : "nothing due"}});
}

void TimelineReplay::wake_until(core::BootTime until) {
  std::optional<core::BootTime> last_wakeup;
  int wakeups_at_last = 0;
  while (session_) {
    const core::Instant now = clock_->now();
    const auto due = session_->next_deadline();
    if (!due || due->at > until) return;
    if (due->at > now.boot) clock_->advance(due->at - now.boot);
    wakeups_at_last = last_wakeup == clock_->now().boot ? wakeups_at_last + 1 : 1;
    last_wakeup = clock_->now().boot;
    if (wakeups_at_last > kMaxWakeupsAtOneMoment) {
      throw std::runtime_error("the core asks to wake at " + local(clock_->now().wall) +
                               " again and again: its deadline does not move");
    }
    print(out_, {{"type", "wakeup"}, {"at", local(clock_->now().wall)}, {"reason", "deadline"}});
    session_->wake_up();
    report("deadline");
  }
}

core::LocalDate TimelineReplay::today() const {
  const core::WallTime now = clock_->now().wall;
  return core::attributed_day(now, zone_->utc_offset(now), settings_.day_start);
}

core::Duration TimelineReplay::stored_active_on(core::LocalDate day,
                                                core::DayStart day_start) const {
  Duration active =
      core::totals_per_day(history_, day, day, day_start).front().totals[ActivityState::active];
  const auto before =
      goal_before_history_.find(std::chrono::sys_days{day}.time_since_epoch().count());
  if (before != goal_before_history_.end()) active += before->second;
  return active;
}

std::vector<core::Interval> TimelineReplay::intervals_so_far() const {
  std::vector<core::Interval> intervals = history_;
  if (session_) {
    if (auto open = session_->accountant().open_interval(clock_->now())) {
      intervals.push_back(*open);
    }
  }
  return intervals;
}

void TimelineReplay::print_days(core::LocalDate from, core::LocalDate to) {
  for (const auto& day : core::totals_per_day(intervals_so_far(), from, to, settings_.day_start)) {
    ordered_json line = {{"type", "day"}, {"date", protocol::format_iso_date(day.day)}};
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
    const auto begins =
        core::attributed_day(interval.start, interval.utc_offset, settings_.day_start);
    const auto ends = core::attributed_day(interval.end() - Duration{1}, interval.utc_offset,
                                           settings_.day_start);
    if (!first || std::chrono::sys_days{begins} < std::chrono::sys_days{*first}) first = begins;
    if (!last || std::chrono::sys_days{ends} > std::chrono::sys_days{*last}) last = ends;
  }
  const core::Instant now = clock_->now();
  const auto today =
      core::attributed_day(now.wall, zone_->utc_offset(now.wall), settings_.day_start);
  if (session_ || !first) {
    if (!first || std::chrono::sys_days{today} < std::chrono::sys_days{*first}) first = today;
    if (!last || std::chrono::sys_days{today} > std::chrono::sys_days{*last}) last = today;
  }
  print_days(*first, *last);
}

}  // namespace screentime::replay
