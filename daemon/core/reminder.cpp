#include "daemon/core/reminder.hpp"

#include <array>
#include <utility>

namespace screentime::core {
namespace {

constexpr std::array<std::pair<BreakAnswer, std::string_view>, 3> kAnswerNames = {{
    {BreakAnswer::take, "take"},
    {BreakAnswer::snooze, "snooze"},
    {BreakAnswer::skip, "skip"},
}};

}  // namespace

std::string_view to_string(ReminderPhase phase) {
  switch (phase) {
    case ReminderPhase::coming_up:
      return "coming_up";
    case ReminderPhase::due:
      return "due";
    case ReminderPhase::taking:
      return "taking";
    case ReminderPhase::goal_warning:
      return "goal_warning";
    case ReminderPhase::goal_reached:
      return "goal_reached";
  }
  return "due";
}

std::string_view to_string(BreakAnswer answer) {
  for (const auto& [each, name] : kAnswerNames) {
    if (each == answer) return name;
  }
  return "skip";
}

std::optional<BreakAnswer> parse_break_answer(std::string_view name) {
  for (const auto& [answer, each] : kAnswerNames) {
    if (each == name) return answer;
  }
  return std::nullopt;
}

std::string_view to_string(AnswerResult result) {
  switch (result) {
    case AnswerResult::ok:
      return "ok";
    case AnswerResult::nothing_visible:
      return "nothing_visible";
    case AnswerResult::snooze_limit:
      return "snooze_limit";
    case AnswerResult::not_a_break:
      return "not_a_break";
    case AnswerResult::already_taking:
      return "already_taking";
  }
  return "ok";
}

}  // namespace screentime::core
