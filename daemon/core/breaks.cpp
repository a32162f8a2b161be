#include "daemon/core/breaks.hpp"

#include <utility>

namespace screentime::core {
namespace {

constexpr std::pair<BreakEventType, std::string_view> kEventNames[] = {
    {BreakEventType::due, "due"},
    {BreakEventType::shown, "shown"},
    {BreakEventType::taken, "taken"},
    {BreakEventType::natural, "natural"},
    {BreakEventType::cut_short, "cut_short"},
    {BreakEventType::snoozed, "snoozed"},
    {BreakEventType::skipped, "skipped"},
    {BreakEventType::goal_warned, "goal_warned"},
    {BreakEventType::goal_reached, "goal_reached"},
    {BreakEventType::coming_up, "coming_up"},
    {BreakEventType::updated, "updated"},
    {BreakEventType::held_back, "held_back"},
    {BreakEventType::withdrawn, "withdrawn"},
    {BreakEventType::reset, "reset"},
    {BreakEventType::closed, "closed"},
};

}  // namespace

std::optional<ReminderKind> parse_reminder_kind(std::string_view name) {
  for (ReminderKind kind : kAllReminderKinds) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view to_string(BreakEventType type) {
  for (const auto& [each, name] : kEventNames) {
    if (each == type) return name;
  }
  return "due";
}

std::optional<BreakEventType> parse_break_event_type(std::string_view name) {
  for (const auto& [type, each] : kEventNames) {
    if (each == name) return type;
  }
  return std::nullopt;
}

}  // namespace screentime::core
