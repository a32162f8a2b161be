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

void print(std::ostream& out, const ordered_json& line) { out << line.dump() << '\n'; }

}  // namespace

TimelineReplay::TimelineReplay(std::ostream& out)
    : out_(out), zone_(std::make_shared<core::PosixTimeZone>(core::PosixTimeZone::utc())) {
  print(out_, {{"type", "format"}, {"version", kTimelineFormat}});
}

std::string TimelineReplay::local(core::WallTime at) const {
  return core::format_iso8601(at, zone_->utc_offset(at));
}

bool TimelineReplay::feed(std::string_view line, int line_number) {
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || line[first] == '#') return true;
  try {
    if (is_format_line(line)) return true;
    apply(parse_timeline_event(line));
    return true;
  } catch (const std::exception& error) {
    print(out_, {{"type", "error"}, {"line", line_number}, {"message", error.what()}});
    return false;
  }
}

void TimelineReplay::apply(const TimelineEvent& event) {
  if (!clock_) {
    clock_ = std::make_unique<core::FakeClock>(
        event.at.utc, zone_,
        event.boot.value_or(core::BootTime{std::chrono::minutes{1}}).time_since_epoch());
  } else {
    move_clocks_to(event);
  }
  const core::Instant now = clock_->now();
  switch (event.kind) {
    case Kind::start: {
      if (tracker_) throw std::invalid_argument("the daemon is already running");
      if (event.reboot) {
        clock_->reboot(Duration::zero());
        boot_id_ = "boot-" + std::to_string(++boots_);
      }
      if (event.boot_id) boot_id_ = *event.boot_id;
      tracker_ = std::make_unique<core::UsageTracker>(*clock_, boot_id_, checkpoint_every_);
      keep(tracker_->start(last_seen_), "start");
      break;
    }
    case Kind::stop:
    case Kind::crash:
      if (!tracker_) throw std::invalid_argument("the daemon is not running");
      // A crash writes nothing: what the last checkpoint said is all that survives.
      if (event.kind == Kind::stop) keep(tracker_->stop(), "stop");
      tracker_.reset();
      break;
    case Kind::state: {
      if (!tracker_) throw std::invalid_argument("the daemon is not running");
      core::Instant at = now;
      if (event.since) at = now.earlier_by(now.wall - event.since->utc);
      keep(tracker_->change_state(at, *event.state, event.source, event.detail), "state");
      break;
    }
    case Kind::sleep:
      suspended_ = true;
      if (tracker_) {
        state_before_sleep_ = tracker_->accountant().state();
        source_before_sleep_ = tracker_->accountant().open_interval(now)->source;
        keep(tracker_->change_state(now, ActivityState::asleep, "logind", "PrepareForSleep"),
             "sleep");
      }
      break;
    case Kind::wake:
      suspended_ = false;
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
      if (tracker_) keep(tracker_->wake_up(), to_string(event.kind));
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
  }
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

void TimelineReplay::wake_until(core::BootTime until) {
  if (!tracker_) return;
  while (const auto due = tracker_->next_deadline()) {
    if (*due > until) return;
    if (*due > clock_->now().boot) clock_->advance(*due - clock_->now().boot);
    print(out_, {{"type", "wakeup"}, {"at", local(clock_->now().wall)}, {"reason", "deadline"}});
    keep(tracker_->wake_up(), "deadline");
  }
}

void TimelineReplay::keep(core::TrackerOutput output, std::string_view reason) {
  const core::Instant now = clock_->now();
  for (const auto& note : output.notes) {
    print(out_, {{"type", "note"},
                 {"at", local(now.wall)},
                 {"kind", core::to_string(note.kind)},
                 {"amount_ms", note.amount.count()}});
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
  }
  const auto deadline = tracker_ ? tracker_->next_deadline() : std::nullopt;
  if (deadline != armed_deadline_) {
    armed_deadline_ = deadline;
    print(out_, {{"type", "deadline"},
                 {"at", deadline ? ordered_json(local(now.wall + (*deadline - now.boot)))
                                 : ordered_json(nullptr)},
                 {"reason", deadline ? "checkpoint" : "nothing due"}});
  }
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
