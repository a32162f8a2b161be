#pragma once
// The usage views of screentimectl (week, month, history, hours) as text, JSON and CSV, from
// the daemon's replies: `usage` by day or by hour, `breaks` per day, and the daily goal. Pure:
// no I/O, so that every view and format is held to golden files.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace screentime::client {

// A run of days: `usage` (by day) and `breaks` (per day) for the same range.
struct DaysFigures {
  nlohmann::json usage;
  nlohmann::json breaks;                     // null: not asked
  std::optional<std::int64_t> goal_seconds;  // the daily goal, when it is on
  nlohmann::json intervals;                  // `usage` by interval for the range; null: not asked
  std::int64_t shortest_break_seconds = 20;  // a pause this long ends a stretch of use
  nlohmann::json limits;  // the system role's `limits.usage` for the range; null: no limits
};

// The longest time at the screen without a break: active intervals joined across pauses
// shorter than `shortest_break_seconds`, measured from the first active moment to the last.
struct Stretch {
  std::string start;  // ISO 8601, as the daemon wrote the interval's start
  std::int64_t seconds = 0;
};
std::optional<Stretch> longest_stretch(const nlohmann::json& intervals,
                                       std::int64_t shortest_break_seconds);

// Breaks taken (by the reminder or naturally) and reminders shown on `date`, of every kind,
// from a `breaks` reply.
std::pair<std::int64_t, std::int64_t> breaks_on(const nlohmann::json& breaks,
                                                const std::string& date);
// Active seconds per weekday (Monday first) and hour of the day, summed over a `usage` by hour.
std::array<std::array<std::int64_t, 24>, 7> hour_map(const nlohmann::json& usage);

// How the text may look: colour only on a terminal and never under NO_COLOR (main decides).
struct TextStyle {
  bool colour = false;
};

// One line per day with a bar, then the total, the average, the day with the most use, the
// breaks taken against reminders shown and, with a goal, on how many days it was kept. For a
// limited user, each day's limit and extra time granted, and the days over it.
std::string days_text(const DaysFigures& figures, TextStyle style);
// The usage reply's fields (day_start, days) with each day's breaks, and a summary; for a
// limited user, each day's limit_seconds and granted_seconds too.
nlohmann::json days_json(const DaysFigures& figures);
// RFC 4180: a header line, then one line per day with ISO dates; for a limited user (only),
// the columns limit_seconds (empty: no daily limit) and granted_seconds.
std::string days_csv(const DaysFigures& figures);

// `usage` by hour as an hour-of-day × weekday map of active time, Monday first.
std::string hours_text(const nlohmann::json& usage, TextStyle style);
nlohmann::json hours_json(const nlohmann::json& usage);
std::string hours_csv(const nlohmann::json& usage);

}  // namespace screentime::client
