#pragma once
// What one table of the limits file sets ([defaults], or one [user.NAME]) before precedence,
// and the precedence that turns a user's table and the defaults into the user's limits.
// Private to adapters/config.

#include <toml++/toml.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/config/limits_diagnostics.hpp"
#include "daemon/core/limits.hpp"

namespace screentime::adapters {

// Each member is unset when the table does not give that key.
struct DayLayer {
  std::optional<core::Duration> daily;
  std::optional<std::vector<core::TimeOfDayRange>> allowed_hours;
};

struct LimitsLayer {
  DayLayer every_day;                                // daily, allowed_hours
  std::array<DayLayer, core::kDaysInWeek> weekdays;  // weekday.mon.* .. weekday.sun.*
  std::optional<core::Duration> weekly;
  std::optional<std::vector<core::Duration>> warnings;
  std::optional<core::LimitAction> action;
  std::optional<core::Duration> grace;
  std::optional<bool> count_idle;
};

// Reads the keys of `table`, which diagnostics name `path` ("defaults", "user.alice").
LimitsLayer read_limits_layer(const toml::table& table, const std::string& path,
                              LimitsDiagnostics& diagnostics);

// Per key: user.weekday.X > user.X > defaults.weekday.X > defaults.X > built-in (no limit,
// or core::UserLimits' own default).
core::UserLimits resolve_limits(const LimitsLayer& user, const LimitsLayer& defaults);

}  // namespace screentime::adapters
