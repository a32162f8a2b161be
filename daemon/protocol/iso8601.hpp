#pragma once
// ISO 8601 date-times with a UTC offset ("2026-03-29T01:30:00+01:00", "...Z", optional
// ".123" milliseconds) and dates ("2026-03-29"): how screentime writes moments in text, on
// the wire (docs/protocol.md) and in its files. The types are the core's, spelled in std.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace screentime::protocol {

using LocalDate = std::chrono::year_month_day;                      // a day as lived locally
using WallTime = std::chrono::sys_time<std::chrono::milliseconds>;  // UTC
using UtcOffset = std::chrono::seconds;                             // local time minus UTC

struct OffsetDateTime {
  WallTime utc;
  UtcOffset offset;
};

std::optional<OffsetDateTime> parse_iso8601(std::string_view text);
std::optional<LocalDate> parse_iso_date(std::string_view text);
// "HH:MM", 00:00 to 23:59, as minutes after midnight.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);

// Local time at `offset`, seconds always, milliseconds only when not zero.
std::string format_iso8601(WallTime at, UtcOffset offset);
std::string format_iso_date(LocalDate date);

}  // namespace screentime::protocol
