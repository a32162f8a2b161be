#include "daemon/core/accounting.hpp"

#include <algorithm>

namespace screentime::core {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;

// Offsets are probed this far apart before bisecting, so an interval spanning two changes
// (a long "unknown" gap across spring and autumn) is still split at both.
constexpr Duration kOffsetProbeStep = days{7};

Duration abs_duration(Duration d) { return d < Duration::zero() ? -d : d; }

// The first moment in (start, end) whose offset differs from `offset`, if any.
std::optional<WallTime> first_offset_change(const Clock& clock, WallTime start, WallTime end,
                                            UtcOffset offset) {
  WallTime same = start;
  while (same < end) {
    const WallTime probe = std::min(same + kOffsetProbeStep, end - milliseconds{1});
    if (probe <= same) return std::nullopt;
    if (clock.utc_offset(probe) == offset) {
      same = probe;
      continue;
    }
    WallTime differs = probe;
    while (differs - same > milliseconds{1}) {
      const WallTime middle = same + (differs - same) / 2;
      (clock.utc_offset(middle) == offset ? same : differs) = middle;
    }
    return differs;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AccountingNote::Kind kind) {
  switch (kind) {
    case AccountingNote::Kind::event_clamped:
      return "event_clamped";
    case AccountingNote::Kind::sleep_detected:
      return "sleep_detected";
    case AccountingNote::Kind::wall_clock_jumped:
      return "wall_clock_jumped";
    case AccountingNote::Kind::utc_offset_changed:
      return "utc_offset_changed";
  }
  return "unknown";
}

Accountant::Accountant(const Clock& clock, std::string boot_id, AccountantSettings settings)
    : clock_(clock), boot_id_(std::move(boot_id)), settings_(settings) {}

AccountingStep Accountant::start(const Instant& now, const std::optional<LastSeen>& previous) {
  AccountingStep step;
  if (open_) return step;
  WallTime start_wall = now.wall;  // where this run's first interval begins
  if (previous) {
    if (previous->open && previous->open->duration > Duration::zero()) {
      emit_split_at_offset_changes(*previous->open, step);
    }
    WallTime gap_start = previous->open ? previous->open->end() : previous->wall;
    // Boot clock readings compare only within one boot; across a reboot the wall clock is
    // all there is, and the gap is "unknown" anyway.
    const bool same_boot = previous->boot_id == boot_id_ && now.boot >= previous->boot;
    Duration gap =
        same_boot ? now.boot - previous->boot : std::max(Duration::zero(), now.wall - gap_start);
    if (previous->open && settings_.crash_gap_kept > Duration::zero() && gap > Duration::zero()) {
      const Duration kept = std::min(gap, settings_.crash_gap_kept);
      emit_split_at_offset_changes(
          Interval{previous->open->state, gap_start, kept, clock_.utc_offset(gap_start),
                   std::string(kDaemonSource), "kept through a crash, one checkpoint at most"},
          step);
      gap_start += kept;
      gap -= kept;
    }
    start_wall = continued(gap > Duration::zero() ? gap_start + gap : gap_start, now);
    if (gap > Duration::zero()) {
      emit_split_at_offset_changes(
          Interval{ActivityState::unknown, gap_start, gap, clock_.utc_offset(gap_start),
                   std::string(kDaemonSource),
                   previous->open ? "daemon ended without a clean stop" : "daemon not running"},
          step);
    }
  }
  last_ = now;
  open(start_wall, now.boot, ActivityState::unknown, kDaemonSource, "no source has reported yet");
  return step;
}

AccountingStep Accountant::change_state(const Instant& at, ActivityState state,
                                        std::string_view source, std::string_view detail) {
  AccountingStep step;
  if (!open_) return step;
  const Instant when = clamp(at, step);
  catch_up(when, step);
  if (open_->state == state && open_->source == source && open_->detail == detail) return step;
  const WallTime end = close_open(when.boot, step);
  open(continued(end, when), when.boot, state, source, detail);
  return step;
}

AccountingStep Accountant::observe(const Instant& now) {
  AccountingStep step;
  if (!open_) return step;
  catch_up(clamp(now, step), step);
  return step;
}

AccountingStep Accountant::stop(const Instant& now) {
  AccountingStep step;
  if (!open_) return step;
  const Instant when = clamp(now, step);
  catch_up(when, step);
  close_open(when.boot, step);
  return step;
}

std::optional<Interval> Accountant::open_interval(const Instant& now) const {
  if (!open_) return std::nullopt;
  return Interval{open_->state,
                  open_->start_wall,
                  std::max(Duration::zero(), now.boot - open_->start_boot),
                  open_->utc_offset,
                  open_->source,
                  open_->detail};
}

LastSeen Accountant::last_seen(const Instant& now) const {
  LastSeen seen{now.wall, now.boot, boot_id_, open_interval(now)};
  if (seen.open) seen.wall = seen.open->end();
  return seen;
}

Instant Accountant::clamp(const Instant& at, AccountingStep& step) const {
  const BootTime floor = open_ ? open_->start_boot : last_.boot;
  if (at.boot >= floor) return at;
  const Duration late = floor - at.boot;
  step.notes.push_back({AccountingNote::Kind::event_clamped, late});
  // The event happens where the open interval starts, on the wall clock too: its own wall
  // reading may be from before a jump the open interval already began after.
  const WallTime wall = open_ ? open_->start_wall : at.wall + late;
  return {wall, at.boot + late, at.monotonic + late};
}

void Accountant::catch_up(const Instant& at, AccountingStep& step) {
  const Instant previous = last_;
  if (at.boot > last_.boot) last_ = at;
  if (!open_) return;

  const Duration slept = at.suspended_since_boot() - previous.suspended_since_boot();
  if (slept > settings_.sleep_tolerance && open_->state != ActivityState::asleep) {
    const Open before = *open_;
    const BootTime sleep_start = std::max(before.start_boot, at.boot - slept);
    close_open(sleep_start, step);
    const WallTime asleep_wall = at.wall - (at.boot - sleep_start);
    emit_split_at_offset_changes(Interval{ActivityState::asleep, asleep_wall, at.boot - sleep_start,
                                          clock_.utc_offset(asleep_wall), "boot-clock",
                                          "suspend seen only as a boot clock jump"},
                                 step);
    // The machine is awake again at `at`, in the state it was in before it slept.
    open(at.wall, at.boot, before.state, before.source, before.detail);
    step.notes.push_back({AccountingNote::Kind::sleep_detected, slept});
  }

  const WallTime expected_wall = open_->start_wall + (at.boot - open_->start_boot);
  const Duration jump = at.wall - expected_wall;
  if (abs_duration(jump) > settings_.wall_jump_tolerance) {
    const Open before = *open_;
    close_open(at.boot, step);
    open(at.wall, at.boot, before.state, before.source, before.detail);
    step.notes.push_back({AccountingNote::Kind::wall_clock_jumped, jump});
  }

  const UtcOffset offset_now = clock_.utc_offset(at.wall);
  if (offset_now != open_->utc_offset) {
    const Open before = *open_;
    const WallTime end = close_open(at.boot, step);
    open(continued(end, at), at.boot, before.state, before.source, before.detail);
    step.notes.push_back({AccountingNote::Kind::utc_offset_changed,
                          std::chrono::duration_cast<Duration>(offset_now - before.utc_offset)});
  }
}

WallTime Accountant::close_open(BootTime end, AccountingStep& step) {
  if (!open_) return WallTime{};
  const Open closing = std::move(*open_);
  open_.reset();
  const Duration duration = std::max(Duration::zero(), end - closing.start_boot);
  if (duration == Duration::zero()) return closing.start_wall;
  emit_split_at_offset_changes(Interval{closing.state, closing.start_wall, duration,
                                        closing.utc_offset, closing.source, closing.detail},
                               step);
  return closing.start_wall + duration;
}

void Accountant::open(WallTime wall, BootTime boot, ActivityState state, std::string_view source,
                      std::string_view detail) {
  open_ =
      Open{state, std::string(source), std::string(detail), wall, boot, clock_.utc_offset(wall)};
}

WallTime Accountant::continued(WallTime end, const Instant& at) const {
  return abs_duration(at.wall - end) <= settings_.wall_jump_tolerance ? end : at.wall;
}

void Accountant::emit_split_at_offset_changes(Interval interval, AccountingStep& step) const {
  // Split only while the rules in force agree with the offset recorded at the start: after
  // a zone change they do not, and the interval keeps the offset it was lived in.
  while (clock_.utc_offset(interval.start) == interval.utc_offset) {
    const auto change =
        first_offset_change(clock_, interval.start, interval.end(), interval.utc_offset);
    if (!change) break;
    Interval head = interval;
    head.duration = *change - interval.start;
    step.closed.push_back(head);
    interval.start = *change;
    interval.duration -= head.duration;
    interval.utc_offset = clock_.utc_offset(*change);
  }
  step.closed.push_back(std::move(interval));
}

}  // namespace screentime::core
