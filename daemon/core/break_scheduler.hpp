#pragma once
// BreakScheduler: when to remind the user to take a break, and what the one visible reminder
// should say. Pure: the daemon feeds it presence, holds and the user's answers, shows
// visible() through the notifier, stores the events it drains, and sleeps until
// next_deadline().
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

#include "daemon/core/breaks.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

enum class ReminderPhase : std::uint8_t {
  coming_up,     // a long break is due soon
  due,           // take / snooze / skip
  taking,        // the user chose take: away until back_at
  goal_warning,  // 80 % of the daily goal used
  goal_reached,  // 100 %
};
std::string_view to_string(ReminderPhase phase);

struct Reminder {
  ReminderKind kind = ReminderKind::eye;
  ReminderPhase phase = ReminderPhase::due;
  Duration length{};   // the break's length
  Duration due_in{};   // coming_up: active time until it is due
  Duration overdue{};  // due: how long it has waited since first shown, in overdue_update steps
  int snoozes = 0;     // in a row, for this break
  bool can_snooze = true;
  int streak = 0;    // skips and snoozes in a row, every break
  bool nag = false;  // streak reached nag_after: say so plainly, urgent, a resource on habits
  std::optional<WallTime> back_at;  // taking: when the break is over
  Duration goal_used{};             // goal phases
  Duration goal{};
  int revision = 0;  // changes whenever anything above does: the notifier replaces in place
  friend bool operator==(const Reminder&, const Reminder&) = default;
};

enum class BreakAnswer : std::uint8_t { take, snooze, skip };
std::string_view to_string(BreakAnswer answer);
std::optional<BreakAnswer> parse_break_answer(std::string_view name);

enum class AnswerResult : std::uint8_t {
  ok,
  nothing_visible,  // no reminder to answer
  snooze_limit,     // snoozed max_snoozes times in a row already: take or skip
  not_a_break,      // take/snooze on the daily-goal notice (skip dismisses it)
  already_taking,   // take while the break is already being taken
};
std::string_view to_string(AnswerResult result);

// The daily goal's progress: active time so far on the local day `day` (any number that
// changes when the day does), and whether it is growing now.
struct GoalProgress {
  long day = 0;
  Duration used{};
  bool counting = false;
};

// One break kind's state, for status.
struct BreakTimerStatus {
  ReminderKind kind = ReminderKind::eye;
  bool enabled = true;
  Duration worked{};  // active time since its last break
  Duration due_in{};  // active time until it is due (zero when due)
  int snoozes = 0;
};

struct BreakStatus {
  std::vector<BreakTimerStatus> timers;
  std::optional<Reminder> visible;
  std::vector<std::string> holds;  // "away", "presenting", "do-not-disturb", "paused"
  std::optional<WallTime> paused_until;
  int streak = 0;
};

class BreakScheduler {
 public:
  explicit BreakScheduler(BreakSettings settings, const Instant& now);

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

  const std::optional<Reminder>& visible() const { return visible_; }
  BreakStatus status(const Instant& now) const;
  // What happened since the last call, in order; the daemon fills in each event's UTC offset
  // and stores the stored ones.
  std::vector<BreakEvent> drain_events();

  // For a daemon restart: where the timers, the streak and a pause stand now.
  BreakSnapshot snapshot(const Instant& now) const;
  // Right after construction: go on from `saved`. The time between the snapshot and `now`
  // (wall clock; negative counts as none) is not worked: a gap at least a kind's length is
  // that break taken naturally (the kind starts again, nothing is stored), a shorter gap keeps
  // its worked time. A pause that has ended is dropped.
  void restore(const BreakSnapshot& saved, const Instant& now);

 private:
  struct Timer {
    Duration reset_at{};                 // active clock at its last break
    std::optional<Duration> snoozed_to;  // active clock when a snoozed reminder returns
    int snoozes = 0;
    bool due = false;
    bool coming_up_noted = false;
    bool coming_up_hidden = false;  // the user closed the "coming up" notice
  };
  // The daily goal's notices are once per day and goal value.
  struct GoalMark {
    long day = -1;
    Duration goal{};
    friend bool operator==(const GoalMark&, const GoalMark&) = default;
  };
  struct Taking {
    ReminderKind kind = ReminderKind::eye;
    BootTime chosen_at{};
    WallTime back_at{};
  };

  Timer& timer(ReminderKind kind) { return kind == ReminderKind::movement ? movement_ : eye_; }
  const Timer& timer(ReminderKind kind) const {
    return kind == ReminderKind::movement ? movement_ : eye_;
  }
  Duration active_clock(const Instant& now) const;
  Duration worked(ReminderKind kind, const Instant& now) const;
  Duration due_at(ReminderKind kind) const;  // on the active clock
  void settle(const Instant& now);
  void note(const Instant& at, ReminderKind kind, BreakEventType type, Duration amount = {},
            std::string detail = {});
  Timer fresh_timer() const;  // a break just taken
  void reset(ReminderKind kind, bool with_shorter);
  // A snooze of a longer break covers the shorter ones it stood for.
  void postpone_shorter(ReminderKind kind, Duration to);
  void catch_up_sleep(const Instant& now);
  void came_back(const Instant& now);
  void mark_due(const Instant& now);
  void bring_longer_forward(ReminderKind shorter, Duration clock, const Instant& now);
  // A new rhythm for a running kind: what was due or noticed is decided again.
  void retime(ReminderKind kind);
  GoalMark goal_mark() const { return {goal_.day, settings_.daily_goal}; }
  Duration goal_used(const Instant& now) const;
  Duration never_left_after(ReminderKind kind) const;
  // What should be visible now, holds and the gap aside.
  std::optional<Reminder> wanted(const Instant& now) const;
  // Why a fresh reminder cannot be shown now; empty when it can.
  std::string hold_reason(const Instant& now) const;
  // Every reason that holds reminders back now, the strongest first.
  std::vector<std::string> holds(const Instant& now) const;
  void note_held(const Instant& now, ReminderKind kind, const std::string& why);
  void mark_goal_shown(const Reminder& shown);
  void close(const Instant& now, std::string why);
  void end_streak() { streak_ = 0; }

  BreakSettings settings_;
  Timer eye_;
  Timer movement_;
  // The active clock: active time since start, settled up to `settled_at` while present.
  Duration active_{};
  BootTime settled_at_{};
  bool present_ = true;
  BootTime presence_changed_at_{};
  std::optional<Instant> away_since_;
  bool presenting_ = false;
  bool do_not_disturb_ = false;
  std::optional<WallTime> paused_until_;
  GoalProgress goal_;
  BootTime goal_as_of_{};
  Duration suspended_seen_{};  // boot minus monotonic when last looked: growth is a suspend
  GoalMark goal_warned_;       // the day and goal last warned of at 80 %
  GoalMark goal_reached_;
  std::optional<Taking> taking_;
  bool taking_hidden_ = false;  // the user closed the "on a break" notice
  std::optional<Reminder> visible_;
  std::optional<BootTime> visible_since_;      // when the visible reminder was first shown
  std::optional<BootTime> last_reminder_end_;  // a fresh one shown, or one answered
  std::string last_hold_noted_;
  bool withdrawn_ = false;  // what is due was visible until a hold began
  int streak_ = 0;
  int revision_ = 0;
  std::vector<BreakEvent> events_;
};

}  // namespace screentime::core
