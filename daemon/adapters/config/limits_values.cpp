#include "daemon/adapters/config/limits_values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::adapters {
namespace {

using std::chrono::minutes;

constexpr minutes kDay{24 * 60};
constexpr std::size_t kMaxNameLength = 32;  // useradd's and groupadd's limit
// logind's session Type values (org.freedesktop.login1.Session).
constexpr std::array<std::string_view, 6> kSessionTypes = {"x11", "wayland", "mir",
                                                           "tty", "web",     "unspecified"};

bool is_bare_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::optional<core::Duration> duration_of(const toml::node& value) {
  const auto text = value.value_exact<std::string>();
  return text ? protocol::parse_duration(*text) : std::nullopt;
}

// "HH:MM-HH:MM"; the end may be "24:00", and an end not after the begin is in the next day.
std::optional<core::TimeOfDayRange> parse_time_range(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto begin = protocol::parse_time_of_day(text.substr(0, 5));
  const std::string_view end_text = text.substr(6);
  const auto end =
      end_text == "24:00" ? std::optional<minutes>(kDay) : protocol::parse_time_of_day(end_text);
  if (!begin || !end) return std::nullopt;
  return core::TimeOfDayRange{*begin, *end};
}

// Where the range ends, counted from the start of its own day: past 24:00 when it runs into
// the next day ("08:00-08:00" is the 24 hours from 08:00).
minutes reach(const core::TimeOfDayRange& range) {
  return range.end > range.begin ? range.end : range.end + kDay;
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

std::string key_path(std::string_view table, std::string_view key) {
  return std::string(table) + "." + (is_bare_key(key) ? std::string(key) : in_quotes(key));
}

bool is_login_name(std::string_view text) {
  if (text.empty() || text.size() > kMaxNameLength) return false;
  if (text.back() == '$') text.remove_suffix(1);
  if (text.empty() || !((text[0] >= 'a' && text[0] <= 'z') || text[0] == '_')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool is_uid(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;
  std::uint64_t uid = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), uid);
  return error == std::errc{} && end == text.data() + text.size() && uid < 0xFFFF'FFFFu;
}

std::optional<core::Duration> read_allowance(const toml::node& value, const std::string& key,
                                             LimitsDiagnostics& diagnostics) {
  const auto allowance = duration_of(value);  // "0s" is allowed: no time at all
  if (!allowance) diagnostics.expected(value, key, "a duration such as \"2h\" or \"1h30m\"");
  return allowance;
}

std::optional<core::Duration> read_grace(const toml::node& value, const std::string& key,
                                         LimitsDiagnostics& diagnostics) {
  const auto grace = duration_of(value);
  if (!grace) diagnostics.expected(value, key, "a duration such as \"1m\" (\"0s\": at once)");
  return grace;
}

std::optional<core::LimitAction> read_action(const toml::node& value, const std::string& key,
                                             LimitsDiagnostics& diagnostics) {
  const auto text = value.value_exact<std::string>();
  const auto action = text ? core::parse_limit_action(*text) : std::nullopt;
  if (!action) {
    diagnostics.expected(value, key, R"(one of "notify", "lock", "logout", "suspend")");
  }
  return action;
}

std::optional<bool> read_bool(const toml::node& value, const std::string& key,
                              LimitsDiagnostics& diagnostics) {
  const auto flag = value.value_exact<bool>();
  if (!flag) diagnostics.expected(value, key, "true or false");
  return flag;
}

// Overlapping ranges are rejected, not merged: an overlap is most often a typing mistake
// ("07:00-18:00" for "07:00-08:00"), and disjoint ranges let the policy add up a day's hours
// without a union. Ranges that only touch ("07:00-08:00", "08:00-09:00") do not overlap.
std::optional<std::vector<core::TimeOfDayRange>> read_allowed_hours(
    const toml::node& value, const std::string& key, LimitsDiagnostics& diagnostics) {
  const toml::array* list = value.as_array();
  if (!list) {
    diagnostics.expected(value, key, R"(a list of time ranges such as ["15:00-20:30"])");
    return std::nullopt;
  }
  struct Placed {
    core::TimeOfDayRange range;
    const toml::node* node;
    std::string text;
  };
  std::vector<Placed> placed;
  bool usable = true;
  for (const toml::node& element : *list) {
    const auto text = element.value_exact<std::string>();
    const auto range = text ? parse_time_range(*text) : std::nullopt;
    if (!range) {
      diagnostics.expected(element, key,
                           R"(a time range "HH:MM-HH:MM" such as "15:00-20:30" or "20:00-24:00")");
      usable = false;
    } else {
      placed.push_back({*range, &element, *text});
    }
  }
  std::stable_sort(placed.begin(), placed.end(),
                   [](const Placed& a, const Placed& b) { return a.range.begin < b.range.begin; });
  for (std::size_t i = 1; i < placed.size(); ++i) {
    const Placed& earlier = placed[i - 1];
    const Placed& later = placed[i];
    if (reach(earlier.range) <= later.range.begin) continue;
    // Reported at whichever of the two the file gives second.
    const bool later_is_second = earlier.node->source().begin < later.node->source().begin;
    const Placed& second = later_is_second ? later : earlier;
    const Placed& first = later_is_second ? earlier : later;
    diagnostics.error(second.node->source(), key + ": " + in_quotes(second.text) + " overlaps " +
                                                 in_quotes(first.text) + ", expected ranges apart");
    usable = false;
  }
  if (!usable) return std::nullopt;
  std::vector<core::TimeOfDayRange> ranges;
  for (const Placed& each : placed) ranges.push_back(each.range);
  return ranges;
}

std::optional<std::vector<core::Duration>> read_warnings(const toml::node& value,
                                                         const std::string& key,
                                                         LimitsDiagnostics& diagnostics) {
  const toml::array* list = value.as_array();
  if (!list) {
    diagnostics.expected(value, key, R"(a list of durations such as ["15m", "5m", "1m"])");
    return std::nullopt;
  }
  std::vector<core::Duration> warnings;
  bool usable = true;
  for (const toml::node& element : *list) {
    const auto before = duration_of(element);
    if (!before || *before <= core::Duration::zero()) {
      diagnostics.expected(element, key, "a duration longer than 0s, such as \"5m\"");
      usable = false;
    } else {
      warnings.push_back(*before);
    }
  }
  if (!usable) return std::nullopt;
  std::sort(warnings.begin(), warnings.end(), std::greater<>());
  warnings.erase(std::unique(warnings.begin(), warnings.end()), warnings.end());
  return warnings;
}

std::optional<std::vector<std::string>> read_session_types(const toml::node& value,
                                                           const std::string& key,
                                                           LimitsDiagnostics& diagnostics) {
  // An empty list would count no session at all, which lifts every limit: not a way to say so.
  static constexpr std::string_view kExpected =
      R"(a non-empty list of session types such as ["x11", "wayland", "tty"])";
  const toml::array* list = value.as_array();
  if (!list) {
    diagnostics.expected(value, key, kExpected);
    return std::nullopt;
  }
  if (list->empty()) {
    diagnostics.error(value.source(), key + ": expected " + std::string(kExpected) + ", got []");
    return std::nullopt;
  }
  std::vector<std::string> types;
  bool usable = true;
  for (const toml::node& element : *list) {
    const auto type = element.value_exact<std::string>();
    if (!type ||
        std::find(kSessionTypes.begin(), kSessionTypes.end(), *type) == kSessionTypes.end()) {
      diagnostics.expected(element, key,
                           R"(one of "x11", "wayland", "mir", "tty", "web", "unspecified")");
      usable = false;
    } else if (std::find(types.begin(), types.end(), *type) == types.end()) {
      types.push_back(*type);
    }
  }
  if (!usable) return std::nullopt;
  return types;
}

std::optional<std::string> read_group_name(const toml::node& value, const std::string& key,
                                           LimitsDiagnostics& diagnostics) {
  auto name = value.value_exact<std::string>();
  if (!name || !is_login_name(*name)) {
    diagnostics.expected(value, key, "a group name such as \"screentime-admin\"");
    return std::nullopt;
  }
  return name;
}

std::optional<std::string> read_user_name(const toml::node& value, const std::string& key,
                                          LimitsDiagnostics& diagnostics) {
  auto name = value.value_exact<std::string>();
  if (!name || !is_login_name(*name)) {
    diagnostics.expected(value, key, "a login name such as \"nobody\"");
    return std::nullopt;
  }
  return name;
}

std::optional<std::vector<std::string>> read_command(const toml::node& value,
                                                     const std::string& key,
                                                     LimitsDiagnostics& diagnostics) {
  constexpr std::size_t kMostArguments = 32;
  const toml::array* array = value.as_array();
  std::vector<std::string> command;
  bool good = array != nullptr && array->size() <= kMostArguments;
  if (good) {
    for (const auto& element : *array) {
      const auto text = element.value_exact<std::string>();
      if (!text) {
        good = false;
        break;
      }
      command.push_back(*text);
    }
  }
  if (!good || (!command.empty() && !command.front().starts_with("/"))) {
    diagnostics.expected(value, key,
                         "an array of strings, the program's absolute path first, such as "
                         "[\"/usr/local/bin/tell-parent\", \"--to\", \"parent\"]");
    return std::nullopt;
  }
  return command;
}

}  // namespace screentime::adapters
