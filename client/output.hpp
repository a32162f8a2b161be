#pragma once
// How screentimectl writes figures for people: short aligned durations ("2h 05m"), dates.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace screentime::client {

// "2h 05m", "45m", "30s", "0m".
std::string short_duration(std::int64_t seconds);
// "Tue 24 Nov" for "2026-11-24".
std::string short_date(std::string_view iso_date);
// "09:12" from an ISO 8601 date-time.
std::string clock_time(std::string_view iso_moment);
// A bar of up to `width` blocks for `value` of `full`.
std::string bar(std::int64_t value, std::int64_t full, int width);
// Right-aligns `text` in `width` columns.
std::string right(std::string_view text, std::size_t width);
// One line per state of a totals object ({"active_seconds": …}), aligned.
std::string totals_table(const nlohmann::json& totals, std::string_view indent);

}  // namespace screentime::client
