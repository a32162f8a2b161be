#include "client/output.hpp"

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "daemon/core/iso8601.hpp"

namespace screentime::client {

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
  const auto date = core::parse_iso_date(iso_date);
  if (!date) return std::string(iso_date);
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::weekday weekday{std::chrono::sys_days{*date}};
  char text[32];
  std::snprintf(text, sizeof text, "%s %2u %s", kDays[weekday.c_encoding()],
                static_cast<unsigned>(date->day()),
                kMonths[static_cast<unsigned>(date->month()) - 1]);
  return text;
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

std::string right(std::string_view text, std::size_t width) {
  std::string padded;
  if (text.size() < width) padded.assign(width - text.size(), ' ');
  padded += text;
  return padded;
}

std::string totals_table(const nlohmann::json& totals, std::string_view indent) {
  std::string text;
  for (const char* state : {"active", "idle", "locked", "asleep", "unknown"}) {
    const auto seconds = totals.value(std::string(state) + "_seconds", std::int64_t{0});
    text += std::string(indent) + state + std::string(9 - std::string_view(state).size(), ' ') +
            right(short_duration(seconds), 7) + "\n";
  }
  return text;
}

}  // namespace screentime::client
