#pragma once
// The one visible reminder and the words around it: its phase, the user's answers, what an
// answer can meet, and what holds reminders back. Names returned by to_string() are on the
// wire (status, break events' detail, screentime-replay): they must never change.

#include <cstdint>
#include <optional>
#include <string_view>

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
// A break's phases, as opposed to the daily goal's notices.
constexpr bool is_break_phase(ReminderPhase phase) {
  return phase == ReminderPhase::coming_up || phase == ReminderPhase::due ||
         phase == ReminderPhase::taking;
}

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

// Why a reminder waits instead of being shown. The first four are the user's state (status
// `holds`, strongest first in this order); `gap` is only the rule that fresh reminders stand
// min_gap apart.
enum class ReminderHold : std::uint8_t { away, paused, do_not_disturb, presenting, gap };
constexpr std::string_view to_string(ReminderHold hold) {
  switch (hold) {
    case ReminderHold::away:
      return "away";
    case ReminderHold::paused:
      return "paused";
    case ReminderHold::do_not_disturb:
      return "do-not-disturb";
    case ReminderHold::presenting:
      return "presenting";
    case ReminderHold::gap:
      return "gap";
  }
  return "away";
}

}  // namespace screentime::core
