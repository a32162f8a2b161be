#pragma once
// The vocabulary of take-a-break reminders: the kinds of reminder, what can happen to one,
// and the rules they follow. Names returned by to_string() are stored and on the wire: they
// must never change.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/time.hpp"

namespace screentime::core {

enum class ReminderKind : std::uint8_t {
  eye = 0,       // look at something 6 m away for 20 s
  movement = 1,  // get up and move for a few minutes
  goal = 2,      // the daily screen-time goal (not a break: a notice)
};
inline constexpr std::array<ReminderKind, 3> kAllReminderKinds = {
    ReminderKind::eye, ReminderKind::movement, ReminderKind::goal};
inline constexpr std::array<ReminderKind, 2> kBreakKinds = {ReminderKind::eye,
                                                            ReminderKind::movement};

constexpr std::string_view to_string(ReminderKind kind) {
  switch (kind) {
    case ReminderKind::eye:
      return "eye";
    case ReminderKind::movement:
      return "movement";
    case ReminderKind::goal:
      return "goal";
  }
  return "eye";
}
std::optional<ReminderKind> parse_reminder_kind(std::string_view name);

// What happened to a reminder. The first group is stored (statistics: "12 of 14 eye breaks
// taken today"); the second only explains the scheduler's choices (screentime-replay, debug log).
enum class BreakEventType : std::uint8_t {
  due = 0,           // a break's active time ran out (once per cycle, snoozes aside), or
                     // nearly: brought forward for a shorter one (detail "early")
  shown = 1,         // a reminder became visible: fresh, or in place of a notice or a shorter break
  taken = 2,         // the user chose "take" and was away for the break's length
  natural = 3,       // the user was away for the break's length without being asked to
  cut_short = 4,     // the user chose "take" but came back (or never left) before its length
  snoozed = 5,       // the user chose "snooze"
  skipped = 6,       // the user chose "skip", or closed the reminder
  goal_warned = 7,   // the daily goal's first warning (80 %) was shown
  goal_reached = 8,  // the daily goal was reached (100 %) and said so
  // Not stored:
  coming_up = 20,  // the short notice before a long break
  updated = 21,    // the visible reminder changed in place (overdue, taking, coming-up time)
  held_back = 22,  // something was due but could not be shown (detail says why)
  withdrawn = 23,  // a visible reminder was closed because a hold began (presenting, DND, pause)
  reset = 24,      // an away spell long enough for a break reset a timer that was not yet due
  closed = 25,     // the visible reminder went away (detail says why)
};
std::string_view to_string(BreakEventType type);
std::optional<BreakEventType> parse_break_event_type(std::string_view name);
constexpr bool is_stored(BreakEventType type) { return static_cast<int>(type) < 20; }

struct BreakEvent {
  WallTime at{};
  UtcOffset offset{};  // local time minus UTC when it happened, for day attribution
  ReminderKind kind = ReminderKind::eye;
  BreakEventType type = BreakEventType::due;
  Duration amount{};   // away time (taken, natural, cut_short), snooze length, goal used,
                       // how far ahead of its time (due "early")
  std::string detail;  // why (held_back, closed, skipped: "dismissed"); not stored when empty
  friend bool operator==(const BreakEvent&, const BreakEvent&) = default;
};

struct BreakRule {
  bool enabled = true;
  Duration every{};   // active time between breaks
  Duration length{};  // how long the user should be away
  Duration notice{};  // "coming up" notice this long before it is due; zero: none
  friend bool operator==(const BreakRule&, const BreakRule&) = default;
};

struct BreakSettings {
  BreakRule eye{true, std::chrono::minutes{20}, std::chrono::seconds{20}, Duration{0}};
  BreakRule movement{true, std::chrono::minutes{55}, std::chrono::minutes{5},
                     std::chrono::minutes{1}};
  bool goal_enabled = false;
  Duration daily_goal = std::chrono::hours{4};
  Duration snooze = std::chrono::minutes{5};   // active time until a snoozed reminder returns
  int max_snoozes = 3;                         // in a row, per break
  Duration min_gap = std::chrono::minutes{2};  // between two fresh reminders
  int nag_after = 3;  // skips or snoozes in a row before reminders say so plainly
  Duration overdue_update = std::chrono::minutes{5};  // how often an unanswered reminder updates
  friend bool operator==(const BreakSettings&, const BreakSettings&) = default;

  const BreakRule& rule(ReminderKind kind) const {
    return kind == ReminderKind::movement ? movement : eye;
  }
};

// One break kind's timer, saved so that a daemon restart does not start it again.
struct BreakTimerSnapshot {
  Duration worked{};                    // active time since its last break
  int snoozes = 0;                      // in a row, for this break
  std::optional<Duration> snoozed_for;  // snoozed: active time until it returns
  friend bool operator==(const BreakTimerSnapshot&, const BreakTimerSnapshot&) = default;
};

// What the break scheduler needs to go on where it was after a restart (stored once per
// user, replaced each time). Taken at `taken_at` on the wall clock: the only clock that
// spans a restart or a reboot.
struct BreakSnapshot {
  BreakTimerSnapshot eye;
  BreakTimerSnapshot movement;
  int streak = 0;                        // skips and snoozes in a row
  std::optional<WallTime> paused_until;  // screentimectl pause, when it had not ended
  WallTime taken_at{};
  friend bool operator==(const BreakSnapshot&, const BreakSnapshot&) = default;

  const BreakTimerSnapshot& timer(ReminderKind kind) const {
    return kind == ReminderKind::movement ? movement : eye;
  }
  BreakTimerSnapshot& timer(ReminderKind kind) {
    return kind == ReminderKind::movement ? movement : eye;
  }
};

}  // namespace screentime::core
