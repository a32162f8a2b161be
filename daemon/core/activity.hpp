#pragma once
// The states a user's screen time can be in at any moment, and their names on the wire and
// in the database (which must never change: they are stored).

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace screentime::core {

enum class ActivityState : std::uint8_t {
  active = 0,   // the session is unlocked and in use (input, or an idle inhibitor)
  idle = 1,     // unlocked, but no input for the idle threshold
  locked = 2,   // locked, or switched away from (another session is in front)
  asleep = 3,   // the machine was suspended
  unknown = 4,  // nobody was looking: the daemon was down, or no source could tell
};

inline constexpr std::size_t kActivityStateCount = 5;

inline constexpr std::array<ActivityState, kActivityStateCount> kAllActivityStates = {
    ActivityState::active, ActivityState::idle, ActivityState::locked, ActivityState::asleep,
    ActivityState::unknown};

constexpr std::string_view to_string(ActivityState state) {
  switch (state) {
    case ActivityState::active:
      return "active";
    case ActivityState::idle:
      return "idle";
    case ActivityState::locked:
      return "locked";
    case ActivityState::asleep:
      return "asleep";
    case ActivityState::unknown:
      return "unknown";
  }
  return "unknown";
}

constexpr std::optional<ActivityState> parse_activity_state(std::string_view name) {
  for (ActivityState state : kAllActivityStates) {
    if (to_string(state) == name) return state;
  }
  return std::nullopt;
}

}  // namespace screentime::core
