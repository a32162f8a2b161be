#pragma once

#include <optional>
#include <vector>

#include "daemon/core/active_clock.hpp"
#include "daemon/core/break_event_log.hpp"
#include "daemon/core/break_taking.hpp"
#include "daemon/core/break_timers.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/goal_notices.hpp"
#include "daemon/core/reminder.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

// What a reminder can be about, read when choosing one.
struct ReminderSources {
  const ActiveClock& clock;
  const BreakTimers& timers;
  const GoalNotices& goal;
  const BreakTaking& taking;
  int streak = 0;  // skips and snoozes in a row
};

// ReminderChoice: the one visible reminder and its phase, what holds reminders back (away,
// paused, do-not-disturb, presenting) and the gap between two fresh ones. A longer break due
// replaces a shorter one in place; a hold withdraws what is visible and it comes back, gap or
// not, when the hold ends. Pure; single-threaded.
class ReminderChoice {
 public:
  // `settings` and `log` belong to the owner and outlive the choice.
  ReminderChoice(const BreakSettings& settings, BreakEventLog& log)
      : settings_(settings), log_(log) {}

  void set_presenting(bool presenting) { presenting_ = presenting; }
  void set_do_not_disturb(bool on) { do_not_disturb_ = on; }
  void pause_until(std::optional<WallTime> until) { paused_until_ = until; }
  // The end of a pause still to come at `now`.
  std::optional<WallTime> paused_until(const Instant& now) const;
  // Every reason that holds reminders back now, the strongest first (`gap` aside).
  std::vector<ReminderHold> holds(const Instant& now, bool present) const;

  const std::optional<Reminder>& visible() const { return visible_; }
  // What should be visible now, holds and the gap aside: a break being taken, else the longest
  // break due, else a goal notice, else a break's "coming up" notice.
  std::optional<Reminder> wanted(const Instant& now, const ReminderSources& from) const;
  // Makes `want` visible as the holds and the gap allow (nullopt: nothing is wanted); the
  // reminder shown or changed in place, if any.
  std::optional<Reminder> show(std::optional<Reminder> want, const Instant& now, bool present);
  // The visible reminder goes, for `why` (the closed event's detail).
  void close(const Instant& now, std::string why);
  // When a pause ends, the gap is over or an overdue reminder updates.
  std::optional<BootTime> next_deadline(const Instant& now) const;

 private:
  Reminder taking_reminder(const ReminderSources& from) const;
  // A break's reminder the user can take, snooze or skip.
  Reminder answerable_reminder(ReminderKind kind, ReminderPhase phase,
                               const ReminderSources& from) const;
  Reminder due_reminder(ReminderKind kind, const Instant& now, const ReminderSources& from) const;
  Reminder coming_up_reminder(ReminderKind kind, const Instant& now,
                              const ReminderSources& from) const;
  std::optional<Reminder> update_in_place(Reminder want, const Instant& now);
  void withdraw(const Instant& now, ReminderHold hold);
  void note_held(const Instant& now, ReminderKind kind, ReminderHold why);

  const BreakSettings& settings_;
  BreakEventLog& log_;
  bool presenting_ = false;
  bool do_not_disturb_ = false;
  std::optional<WallTime> paused_until_;
  std::optional<Reminder> visible_;
  std::optional<BootTime> visible_since_;      // when the visible reminder was first shown
  std::optional<BootTime> last_reminder_end_;  // a fresh one shown, or one answered
  std::optional<ReminderHold> last_hold_noted_;
  bool withdrawn_ = false;  // what is due was visible until a hold began
  int revision_ = 0;
};

}  // namespace screentime::core
