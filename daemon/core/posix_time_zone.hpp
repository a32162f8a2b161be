#pragma once
// PosixTimeZone: a zone given by a POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3".
// Every TZif file ends with such a rule for the years after its table, so the fake clock and
// screentime-replay get Europe/Stockholm's real current rules without reading the time zone
// database from the core. Pure: no I/O, no globals.

#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/time_zone.hpp"

namespace screentime::core {

class PosixTimeZone final : public TimeZone {
 public:
  // One end of summer time: a day rule and the local time of day it happens at.
  struct Rule {
    enum class Kind { julian_no_leap, zero_based_day, month_week_weekday } kind{};
    int day = 0;    // Jn: 1..365; n: 0..365; Mm.w.d: weekday 0 (Sunday)..6
    int month = 0;  // Mm.w.d only
    int week = 0;   // Mm.w.d only: 1..5, 5 meaning the last
    std::chrono::seconds time_of_day{2 * 3600};  // may be negative or past 24 h (RFC 8536)
  };

  // nullopt when `spec` is not a valid POSIX TZ rule.
  static std::optional<PosixTimeZone> parse(std::string_view spec);
  static PosixTimeZone utc();

  UtcOffset utc_offset(WallTime at) const override;
  std::string name() const override { return spec_; }

 private:
  PosixTimeZone() = default;
  WallTime transition(int year, const Rule& rule, UtcOffset offset_before) const;

  std::string spec_;
  UtcOffset standard_offset_{};
  std::optional<UtcOffset> summer_offset_;
  Rule summer_start_{};
  Rule summer_end_{};
};

}  // namespace screentime::core
