#pragma once
// BreakScheduler: when to remind the user to take a break, and what the one visible reminder
// should say. Pure: the daemon feeds it presence, holds and the user's answers, shows
// visible() through the notifier, stores the events it drains, and sleeps until
// next_deadline(). A facade over its parts, one job each: ActiveClock (active time),
// BreakTimers (each kind's timer), BreakTaking (a break being taken), GoalNotices (the daily
// goal) and ReminderChoice (the one visible reminder, holds and the gap).
//
// Rules:
// - Breaks come due by active time (present at the screen), never by wall time: idle, locked
//   and asleep spells do not bring a break closer.
// - Being away for at least a break's length is that break taken naturally: its timer (and
//   every shorter kind's) starts again, and a reminder waiting for it goes, so nobody is
//   nagged on return from lunch.
// - A kind switched off stops counting; switched on again it starts from zero, as after a
//   break (the time it was off is not worked, as in Workrave).
// - A new `every` or `notice` applies at once: a reminder that is no longer due goes (a
//   snooze with it), one that is due now is shown.
// - One reminder is visible at a time; a longer break due supersedes a shorter one in place.
//   A shorter break that comes due while a longer one is due within the longer's notice (or
//   the shorter's own notice) brings the longer one forward: it is shown instead, and
//   answering it answers both (taken, both count as taken).
//   Fresh reminders are at least `min_gap` apart. Nothing is shown while the user is away,
//   presenting or watching, in do-not-disturb or paused; what is due waits and is shown when
//   that ends (a visible reminder is withdrawn when a presentation, DND or pause begins).
// - take: confirmed when the user is away for the break's length; back earlier (or never
//   gone within it) is cut short. snooze: back after `snooze` more active time, at most
//   `max_snoozes` in a row. skip (or closing the reminder): the timer starts again.
// - After `nag_after` skips or snoozes in a row the next reminder says so plainly, urgently,
//   with a resource about habits; a break taken ends the streak.
// - The daily goal warns once at 80 % and once at 100 % of the day's active time, once per
//   day and goal: a goal changed during the day may warn again at the new value (lowered below
//   what is used: "reached" once, no 80 % notice). A notice for another day or goal goes.

#include <optional>
#include <string>
#include <vector>

#include "daemon/core/active_clock.hpp"
#include "daemon/core/break_event_log.hpp"
#include "daemon/core/break_taking.hpp"
#include "daemon/core/break_timers.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/goal_notices.hpp"
#include "daemon/core/reminder.hpp"
#include "daemon/core/reminder_choice.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

struct BreakStatus {
  std::vector<BreakTimerStatus> timers;
  std::optional<Reminder> visible;
  std::vector<std::string> holds;  // to_string(ReminderHold), the strongest first
  std::optional<WallTime> paused_until;
  int streak = 0;
};

class BreakScheduler {
 public:
  explicit BreakScheduler(BreakSettings settings, const Instant& now);
  // The parts refer to settings_ and the log: not copied or moved.
  BreakScheduler(const BreakScheduler&) = delete;
  BreakScheduler& operator=(const BreakScheduler&) = delete;

  // New rules; timers keep the active time already worked.
  void set_settings(BreakSettings settings, const Instant& now);
  const BreakSettings& settings() const { return settings_; }

  // The user is at the screen, or away since `since` (last input, the lock, the suspend):
  // the scheduler backdates, so the time before it was noticed does not count as worked.
  void set_present(bool present, const Instant& since, const Instant& now);
  // A fullscreen window, or an idle inhibitor (video, presentation), says the user is
  // presenting or watching.
  void set_presenting(bool presenting, const Instant& now);
  // The notification server's own do-not-disturb.
  void set_do_not_disturb(bool on, const Instant& now);
  // screentimectl pause/resume: reminders only, never tracking. nullopt resumes.
  void pause_until(std::optional<WallTime> until, const Instant& now);
  void set_goal_progress(const GoalProgress& progress, const Instant& now);

  // The user's answer to the visible reminder.
  AnswerResult answer(BreakAnswer answer, const Instant& now);
  // The user closed the visible reminder (notification server: dismissed): a skip.
  void dismissed(const Instant& now);

  // Catch up to `now`: called when next_deadline() comes and after every event.
  void advance(const Instant& now);
  // The next moment something changes without any new event; nullopt: nothing is due (the
  // user is away, everything is held, or every kind is off).
  std::optional<BootTime> next_deadline(const Instant& now) const;

  const std::optional<Reminder>& visible() const { return choice_.visible(); }
  BreakStatus status(const Instant& now) const;
  // What happened since the last call, in order; the daemon fills in each event's UTC offset
  // and stores the stored ones.
  std::vector<BreakEvent> drain_events() { return log_.drain(); }

  // For a daemon restart: where the timers, the streak and a pause stand now.
  BreakSnapshot snapshot(const Instant& now) const;
  // Right after construction: go on from `saved`. The time between the snapshot and `now`
  // (wall clock; negative counts as none) is not worked: a gap at least a kind's length is
  // that break taken naturally (the kind starts again, nothing is stored), a shorter gap keeps
  // its worked time. A pause that has ended is dropped.
  void restore(const BreakSnapshot& saved, const Instant& now);

 private:
  ReminderSources sources() const { return {clock_, timers_, goal_, taking_, streak_}; }
  // Brings the active clock up to `now`, a suspend nobody announced included.
  void settle(const Instant& now);
  void catch_up_sleep(const Instant& now);
  void came_back(const Instant& now);
  // Back from `away` while taking a break: taken, or cut short.
  void finish_taking(const Instant& now, Duration away);
  // The visible reminder to answer, after catching up to `now`; nullopt when none.
  std::optional<Reminder> answerable(const Instant& now);
  AnswerResult answer_break(BreakAnswer answer, ReminderKind kind, const Instant& now);
  AnswerResult answer_taking(BreakAnswer answer, ReminderKind kind, const Instant& now);

  BreakSettings settings_;
  BreakEventLog log_;
  ActiveClock clock_;
  BreakTimers timers_;
  BreakTaking taking_;
  GoalNotices goal_;
  ReminderChoice choice_;
  int streak_ = 0;  // skips and snoozes in a row, every break; a break taken ends it
};

}  // namespace screentime::core
