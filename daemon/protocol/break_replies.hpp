#pragma once
// The take-a-break replies (docs/protocol.md: `breaks` in Objects, `break`, `pause`,
// `resume`, `breaks`) as types, and their JSON. Pure.

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/protocol/iso8601.hpp"

namespace screentime::protocol {

struct BreakTimer {
  std::string kind;  // "eye", "movement"
  bool enabled = true;
  std::int64_t worked_seconds = 0;
  std::int64_t due_in_seconds = 0;
  int snoozes = 0;
};

struct VisibleReminder {
  std::string kind;
  std::string phase;  // coming_up, due, taking, goal_warning, goal_reached
  int snoozes = 0;
  bool can_snooze = false;
  int streak = 0;
  bool nag = false;
  std::optional<std::int64_t> overdue_seconds;  // due
  std::optional<std::int64_t> due_in_seconds;   // coming_up
  std::optional<OffsetDateTime> back_at;        // taking
};

// `breaks` in status, break and breaks.
struct BreakState {
  std::vector<BreakTimer> timers;
  std::optional<VisibleReminder> visible;
  std::vector<std::string> holds;
  std::optional<OffsetDateTime> paused_until;
  int streak = 0;
  std::string notifier;
  std::string do_not_disturb;
};

struct BreakAnswerReply {
  std::string answer;
  BreakState breaks;
};

struct PauseReply {
  std::optional<OffsetDateTime> paused_until;  // none: resumed
};

// What a day's counts are called, per kind of reminder: the event types that are stored.
inline constexpr std::array<std::string_view, 7> kBreakCounts = {
    "due", "shown", "taken", "natural", "cut_short", "snoozed", "skipped"};
inline constexpr std::array<std::string_view, 2> kGoalCounts = {"goal_warned", "goal_reached"};

struct BreaksDay {
  LocalDate date;
  // kind ("eye", "movement", "goal") -> count name -> how many
  std::map<std::string, std::map<std::string, int, std::less<>>, std::less<>> counts;
};

struct BreaksReply {
  std::vector<BreaksDay> days;
  BreakState breaks;
};

nlohmann::json to_json(const BreakState& state);
// `breaks` without the figures that run with active time alone (worked, due in, overdue): two
// states of the same shape differ only by what a status bar counts itself.
nlohmann::json break_shape(nlohmann::json breaks);
nlohmann::json to_json(const BreakAnswerReply& reply);
nlohmann::json to_json(const PauseReply& reply);
nlohmann::json to_json(const BreaksReply& reply);

}  // namespace screentime::protocol
