#include "daemon/adapters/config/limits_layer.hpp"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <string_view>

#include "daemon/adapters/config/limits_values.hpp"

namespace screentime::adapters {
namespace {

// Monday first, as core::UserLimits::days.
constexpr std::array<std::string_view, core::kDaysInWeek> kDayNames = {"mon", "tue", "wed", "thu",
                                                                       "fri", "sat", "sun"};

// A key of a table, how it is read and where it is kept.
template <typename Target>
struct KeyReader {
  std::string_view name;
  void (*read)(const toml::node& value, const std::string& key, Target& target,
               LimitsDiagnostics& diagnostics);
};

constexpr std::array<KeyReader<DayLayer>, 2> kDayKeys = {{
    {"daily", [](const toml::node& value, const std::string& key, DayLayer& day,
                 LimitsDiagnostics& d) { day.daily = read_allowance(value, key, d); }},
    {"allowed_hours",
     [](const toml::node& value, const std::string& key, DayLayer& day, LimitsDiagnostics& d) {
       day.allowed_hours = read_allowed_hours(value, key, d);
     }},
}};

constexpr std::array<KeyReader<LimitsLayer>, 5> kUserKeys = {{
    {"weekly", [](const toml::node& value, const std::string& key, LimitsLayer& layer,
                  LimitsDiagnostics& d) { layer.weekly = read_allowance(value, key, d); }},
    {"warnings", [](const toml::node& value, const std::string& key, LimitsLayer& layer,
                    LimitsDiagnostics& d) { layer.warnings = read_warnings(value, key, d); }},
    {"action", [](const toml::node& value, const std::string& key, LimitsLayer& layer,
                  LimitsDiagnostics& d) { layer.action = read_action(value, key, d); }},
    {"grace", [](const toml::node& value, const std::string& key, LimitsLayer& layer,
                 LimitsDiagnostics& d) { layer.grace = read_grace(value, key, d); }},
    {"count_idle", [](const toml::node& value, const std::string& key, LimitsLayer& layer,
                      LimitsDiagnostics& d) { layer.count_idle = read_bool(value, key, d); }},
}};

// Reads `name` if `keys` has it; false when it does not.
template <typename Target, std::size_t N>
bool read_known_key(const std::array<KeyReader<Target>, N>& keys, std::string_view name,
                    const toml::node& value, const std::string& key, Target& target,
                    LimitsDiagnostics& diagnostics) {
  for (const KeyReader<Target>& reader : keys) {
    if (reader.name == name) {
      reader.read(value, key, target, diagnostics);
      return true;
    }
  }
  return false;
}

void read_day(const toml::table& table, const std::string& path, DayLayer& day,
              LimitsDiagnostics& diagnostics) {
  for (const auto& [name, value] : table) {
    const std::string key = key_path(path, name.str());
    if (!read_known_key(kDayKeys, name.str(), value, key, day, diagnostics)) {
      diagnostics.unknown_key(value, key);
    }
  }
}

// A day name that is not mon..sun is an error, not an unknown key: the closed set of days will
// not grow, and a limit given for "saturday" must not silently fall away.
void read_weekdays(const toml::node& value, const std::string& path,
                   std::array<DayLayer, core::kDaysInWeek>& days, LimitsDiagnostics& diagnostics) {
  const toml::table* table = value.as_table();
  if (!table) {
    diagnostics.expected(value, path, "a table of days, such as weekday.sat.daily = \"4h\"");
    return;
  }
  for (const auto& [name, day_value] : *table) {
    const auto* day = std::find(kDayNames.begin(), kDayNames.end(), name.str());
    const std::string key = key_path(path, name.str());
    if (day == kDayNames.end()) {
      diagnostics.error(name.source(), path + ": expected a day from mon to sun, got \"" +
                                           std::string(name.str()) + "\"");
    } else if (const toml::table* day_table = day_value.as_table()) {
      read_day(*day_table, key, days[static_cast<std::size_t>(day - kDayNames.begin())],
               diagnostics);
    } else {
      diagnostics.expected(day_value, key, "a table of limits, such as " + key + ".daily = \"4h\"");
    }
  }
}

template <typename T>
std::optional<T> first_set(
    std::initializer_list<std::reference_wrapper<const std::optional<T>>> in) {
  for (const std::optional<T>& each : in) {
    if (each) return each;
  }
  return std::nullopt;
}

}  // namespace

LimitsLayer read_limits_layer(const toml::table& table, const std::string& path,
                              LimitsDiagnostics& diagnostics) {
  LimitsLayer layer;
  for (const auto& [name, value] : table) {
    const std::string key = key_path(path, name.str());
    if (name.str() == "weekday") {
      read_weekdays(value, key, layer.weekdays, diagnostics);
    } else if (!read_known_key(kDayKeys, name.str(), value, key, layer.every_day, diagnostics) &&
               !read_known_key(kUserKeys, name.str(), value, key, layer, diagnostics)) {
      diagnostics.unknown_key(value, key);
    }
  }
  return layer;
}

core::UserLimits resolve_limits(const LimitsLayer& user, const LimitsLayer& defaults) {
  core::UserLimits limits;
  for (std::size_t day = 0; day < core::kDaysInWeek; ++day) {
    limits.days[day].daily =
        first_set<core::Duration>({user.weekdays[day].daily, user.every_day.daily,
                                   defaults.weekdays[day].daily, defaults.every_day.daily});
    limits.days[day].allowed_hours = first_set<std::vector<core::TimeOfDayRange>>(
        {user.weekdays[day].allowed_hours, user.every_day.allowed_hours,
         defaults.weekdays[day].allowed_hours, defaults.every_day.allowed_hours});
  }
  limits.weekly = first_set<core::Duration>({user.weekly, defaults.weekly});
  limits.warnings = first_set<std::vector<core::Duration>>({user.warnings, defaults.warnings})
                        .value_or(limits.warnings);
  limits.action =
      first_set<core::LimitAction>({user.action, defaults.action}).value_or(limits.action);
  limits.grace = first_set<core::Duration>({user.grace, defaults.grace}).value_or(limits.grace);
  limits.count_idle =
      first_set<bool>({user.count_idle, defaults.count_idle}).value_or(limits.count_idle);
  return limits;
}

}  // namespace screentime::adapters
