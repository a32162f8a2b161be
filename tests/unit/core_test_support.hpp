#pragma once
// Shared helpers for core tests: readable moments, zones and interval sums.

#include <chrono>
#include <memory>
#include <vector>

#include "daemon/core/accounting.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/posix_time_zone.hpp"

namespace screentime::core::testing {

using namespace std::chrono_literals;

inline WallTime utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0,
                    int second = 0) {
  return WallTime{std::chrono::sys_days{std::chrono::year{year} / month / day}} +
         std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
}

inline LocalDate date(int year, unsigned month, unsigned day) {
  return std::chrono::year{year} / month / day;
}

// Europe/Stockholm's rule, as the footer of its TZif file gives it.
inline std::shared_ptr<const TimeZone> stockholm() {
  return std::make_shared<PosixTimeZone>(*PosixTimeZone::parse("CET-1CEST,M3.5.0,M10.5.0/3"));
}

inline std::shared_ptr<const TimeZone> new_york() {
  return std::make_shared<PosixTimeZone>(*PosixTimeZone::parse("EST5EDT,M3.2.0,M11.1.0"));
}

// Collects every interval an accountant closes, and the notes it makes.
struct Recorder {
  std::vector<Interval> intervals;
  std::vector<AccountingNote> notes;

  void add(AccountingStep step) {
    for (auto& interval : step.closed) intervals.push_back(std::move(interval));
    for (auto& note : step.notes) notes.push_back(note);
  }

  Duration total(ActivityState state) const {
    Duration sum{};
    for (const auto& interval : intervals) {
      if (interval.state == state) sum += interval.duration;
    }
    return sum;
  }

  Duration total() const {
    Duration sum{};
    for (const auto& interval : intervals) sum += interval.duration;
    return sum;
  }

  bool noted(AccountingNote::Kind kind) const {
    for (const auto& note : notes) {
      if (note.kind == kind) return true;
    }
    return false;
  }
};

}  // namespace screentime::core::testing
