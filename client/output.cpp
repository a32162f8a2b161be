#include "client/output.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {

using i18n::tr;

const nlohmann::json& member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  const auto found = object.find(key);
  return found == object.end() ? kNull : *found;
}

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::int64_t number_of(const nlohmann::json& object, const char* key) {
  const auto& value = member(object, key);
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

bool flag_of(const nlohmann::json& object, const char* key) {
  const auto& value = member(object, key);
  return value.is_boolean() && value.get<bool>();
}

std::string short_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  char text[32];
  if (seconds >= 3600) {
    std::snprintf(text, sizeof text, "%lldh %02lldm", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds % 3600 / 60));
  } else if (seconds >= 60 || seconds == 0) {
    std::snprintf(text, sizeof text, "%lldm", static_cast<long long>(seconds / 60));
  } else {
    std::snprintf(text, sizeof text, "%llds", static_cast<long long>(seconds));
  }
  return text;
}

std::string short_date(std::string_view iso_date) {
  const auto date = protocol::parse_iso_date(iso_date);
  if (!date) return std::string(iso_date);
  // Gettext rather than the locale's strftime: the names then follow the same language
  // as the rest of the output, even when LANGUAGE differs from LC_TIME.
  static constexpr std::array<const char*, 7> kDays = {
      // TRANSLATORS: abbreviated weekday names, Sunday first.
      N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat")};
  static constexpr std::array<const char*, 12> kMonths = {
      // TRANSLATORS: abbreviated month names.
      N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
      N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};
  const std::chrono::weekday weekday{std::chrono::sys_days{*date}};
  // TRANSLATORS: a short date: weekday, day of the month (right-aligned), month.
  return format_tr(tr("{} {:>2} {}"), tr(kDays[weekday.c_encoding()]),
                   static_cast<unsigned>(date->day()),
                   tr(kMonths[static_cast<unsigned>(date->month()) - 1]));
}

std::string clock_time(std::string_view iso_moment) {
  const auto t = iso_moment.find('T');
  if (t == std::string_view::npos || iso_moment.size() < t + 6) return std::string(iso_moment);
  return std::string(iso_moment.substr(t + 1, 5));
}

std::string bar(std::int64_t value, std::int64_t full, int width) {
  if (full <= 0 || value <= 0) return "";
  const auto blocks = static_cast<int>((value * width + full - 1) / full);
  std::string text;
  for (int i = 0; i < blocks && i < width; ++i) text += "\u2588";
  return text;
}

std::size_t display_width(std::string_view text) {
  // Counts code points (bytes that do not continue one): right for the Latin scripts we ship.
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string right(std::string_view text, std::size_t width) {
  std::string padded;
  if (display_width(text) < width) padded.assign(width - display_width(text), ' ');
  padded += text;
  return padded;
}

std::string left(std::string_view text, std::size_t width) {
  std::string padded(text);
  if (display_width(text) < width) padded.append(width - display_width(text), ' ');
  return padded;
}

std::string state_name(std::string_view state) {
  static constexpr std::pair<std::string_view, const char*> kStates[] = {
      // TRANSLATORS: activity states: in use, no input, screen locked, suspended, not tracked.
      {"active", N_("active")}, {"idle", N_("idle")},       {"locked", N_("locked")},
      {"asleep", N_("asleep")}, {"unknown", N_("unknown")},
  };
  for (const auto& [name, label] : kStates) {
    if (name == state) return tr(label);
  }
  return std::string(state);
}

std::string rows(const std::vector<std::pair<std::string, std::string>>& lines,
                 std::string_view indent) {
  std::size_t width = 0;
  for (const auto& line : lines) width = std::max(width, display_width(line.first));
  std::string text;
  for (const auto& [label, value] : lines) {
    text += std::string(indent) + left(label, width + 2) + value + "\n";
  }
  return text;
}

std::string totals_table(const nlohmann::json& totals, std::string_view indent) {
  std::vector<std::pair<std::string, std::string>> lines;
  for (const char* state : {"active", "idle", "locked", "asleep", "unknown"}) {
    const auto seconds = totals.value(std::string(state) + "_seconds", std::int64_t{0});
    lines.emplace_back(state_name(state), right(short_duration(seconds), 7));
  }
  return rows(lines, indent);
}

}  // namespace screentime::client
