#pragma once
// How screentimectl writes figures for people: short aligned durations ("2h 05m"), dates,
// state names and labelled rows in the user's language.

#include <fmt/core.h>

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace screentime::client {

// Formats a translated message: format_tr(tr("{} since {}"), a, b). A translation is not a
// compile-time format string; tests/unit/translation_test.cpp formats every one of them.
template <typename... Args>
std::string format_tr(const char* translated, Args&&... args) {
  return fmt::format(fmt::runtime(translated), std::forward<Args>(args)...);
}

// object[key], or null when the daemon left it out: operator[] on a const json must not miss.
const nlohmann::json& member(const nlohmann::json& object, const char* key);
// object[key] as text, a whole number or a flag: "", 0 or false when it is missing or of
// another type (a null is a null, never an exception).
std::string text_of(const nlohmann::json& object, const char* key);
std::int64_t number_of(const nlohmann::json& object, const char* key);
bool flag_of(const nlohmann::json& object, const char* key);
// "2h 05m", "45m", "30s", "0m".
std::string short_duration(std::int64_t seconds);
// "Tue 24 Nov" for "2026-11-24", in the user's language.
std::string short_date(std::string_view iso_date);
// "09:12" from an ISO 8601 date-time.
std::string clock_time(std::string_view iso_moment);
// A bar of up to `width` blocks for `value` of `full`.
std::string bar(std::int64_t value, std::int64_t full, int width);
// Columns `text` takes on a terminal (UTF-8: "källa" is 5, not 6).
std::size_t display_width(std::string_view text);
// Right-aligns `text` in `width` columns.
std::string right(std::string_view text, std::size_t width);
// Left-aligns `text` in `width` columns.
std::string left(std::string_view text, std::size_t width);
// The translated name of an activity state from the wire ("active"); unknown names as they are.
std::string state_name(std::string_view state);
// "label  text" lines with the texts aligned after the widest label.
std::string rows(const std::vector<std::pair<std::string, std::string>>& lines,
                 std::string_view indent = "");
// One line per state of a totals object ({"active_seconds": …}), aligned.
std::string totals_table(const nlohmann::json& totals, std::string_view indent);

}  // namespace screentime::client
