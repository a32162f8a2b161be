#pragma once

#include <optional>
#include <vector>

#include "daemon/core/break_event_log.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

// One break kind's state, for status.
struct BreakTimerStatus {
  ReminderKind kind = ReminderKind::eye;
  bool enabled = true;
  Duration worked{};  // active time since its last break
  Duration due_in{};  // active time until it is due (zero when due)
  int snoozes = 0;
};

// BreakTimers: each break kind's timer on the active clock: when it comes due (and its notice),
// snooze, reset after a break, natural breaks, and a longer break brought forward for a
// shorter one. Times are readings of the ActiveClock (`clock`). Pure; single-threaded.
class BreakTimers {
 public:
  struct Timer {
    Duration reset_at{};                 // active clock at its last break
    std::optional<Duration> snoozed_to;  // active clock when a snoozed reminder returns
    int snoozes = 0;
    bool due = false;
    bool coming_up_noted = false;
    bool coming_up_hidden = false;  // the user closed the "coming up" notice
  };
  // What an away spell did to the timers.
  struct NaturalBreaks {
    bool asked = false;                 // one of them had come due: a break taken, streak ends
    std::vector<ReminderKind> started;  // kinds whose timer started again
  };

  // `settings` and `log` belong to the owner and outlive the timers.
  BreakTimers(const BreakSettings& settings, BreakEventLog& log) : settings_(settings), log_(log) {}

  const Timer& operator[](ReminderKind kind) const {
    return kind == ReminderKind::movement ? movement_ : eye_;
  }
  // On the active clock: when a snooze ends, else `every` after the last break.
  Duration due_at(ReminderKind kind) const;
  Duration worked(ReminderKind kind, Duration clock) const;
  // The longest break due (taking it covers the shorter ones), and a notice to show.
  std::optional<ReminderKind> longest_due() const;
  std::optional<ReminderKind> coming_up() const;
  std::optional<BootTime> next_deadline(const Instant& now, Duration clock) const;
  BreakTimerStatus status(ReminderKind kind, Duration clock) const;

  // The rules changed from `before`: a kind switched off or on starts from zero (the time it
  // was off is not worked), a new rhythm decides again what was due or noticed.
  void rules_changed(const BreakSettings& before, Duration clock);
  // Marks what has come due, or near enough for its notice, by `clock`.
  void mark_due(const Instant& now, Duration clock);
  // A break taken or skipped: `kind` starts again, with the shorter kinds when it stood for
  // them.
  void reset(ReminderKind kind, bool with_shorter, Duration clock);
  // An away spell backdated to `clock`: no timer's last break lies after it.
  void backdate(Duration clock);
  // Away `away` in all: each enabled kind at most that long is a break taken naturally.
  NaturalBreaks natural_breaks(const Instant& now, Duration away, Duration clock);
  // The shorter kinds a taken `kind` stood for: they had come due or been snoozed.
  std::vector<ReminderKind> covered_by(ReminderKind kind) const;
  // The user snoozed `kind`: it returns `snooze` of active time later, with the shorter kinds
  // it stood for. False, and nothing changes, after max_snoozes in a row.
  bool snooze(ReminderKind kind, Duration clock);
  void hide_coming_up(ReminderKind kind) { timer(kind).coming_up_hidden = true; }

  // For a daemon restart.
  BreakTimerSnapshot save(ReminderKind kind, Duration clock) const;
  // Goes on from `saved` after `gap` not worked (at least the break's length: a natural
  // break). True when that gap was a break it had asked for: the streak ends.
  bool restore(ReminderKind kind, const BreakTimerSnapshot& saved, Duration gap, Duration clock);

 private:
  Timer& timer(ReminderKind kind) { return kind == ReminderKind::movement ? movement_ : eye_; }
  // A timer whose last break was at `clock`.
  static Timer fresh(Duration clock) {
    Timer t;
    t.reset_at = clock;
    return t;
  }
  void retime(ReminderKind kind, Duration clock);
  void bring_longer_forward(ReminderKind shorter, Duration clock, const Instant& now);
  // Kinds other than `kind` no longer than it.
  std::vector<ReminderKind> shorter_than(ReminderKind kind) const;

  const BreakSettings& settings_;
  BreakEventLog& log_;
  Timer eye_;
  Timer movement_;
};

}  // namespace screentime::core
