#include "client/pause_time.hpp"

#include <time.h>

#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// ISO 8601 for `at`, with the local offset in force at that moment.
std::string local_iso8601(std::time_t at) {
  std::tm local{};
  localtime_r(&at, &local);
  return protocol::format_iso8601(protocol::WallTime{seconds{at}}, seconds{local.tm_gmtoff});
}

// mktime for a local date and time; tm_isdst = -1 lets the zone's rules decide
// whether daylight-saving time is in force.
std::time_t local_moment(int year, unsigned month, unsigned day, std::chrono::minutes time,
                         int second) {
  std::tm local{};
  local.tm_year = year - 1900;
  local.tm_mon = static_cast<int>(month) - 1;
  local.tm_mday = static_cast<int>(day);
  local.tm_hour = static_cast<int>(time.count() / 60);
  local.tm_min = static_cast<int>(time.count() % 60);
  local.tm_sec = second;
  local.tm_isdst = -1;
  return mktime(&local);
}

// "HH:MM" after today's or tomorrow's date, whichever comes first after `now`.
std::optional<std::string> next_time_of_day(std::chrono::minutes time, std::time_t now) {
  std::tm today{};
  localtime_r(&now, &today);
  for (int day_ahead = 0; day_ahead < 2; ++day_ahead) {
    // mktime normalises a day of the month past the month's end into the next month.
    const std::time_t at =
        local_moment(today.tm_year + 1900, static_cast<unsigned>(today.tm_mon + 1),
                     static_cast<unsigned>(today.tm_mday + day_ahead), time, 0);
    if (at != -1 && at > now) return local_iso8601(at);
  }
  return std::nullopt;
}

// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (T or a space), without an offset: local time.
std::optional<std::string> local_date_time(std::string_view text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const auto date = protocol::parse_iso_date(text.substr(0, 10));
  const auto time = protocol::parse_time_of_day(text.substr(11, 5));
  if (!date || !time) return std::nullopt;
  int second = 0;
  if (text.size() == 19) {
    const auto s = text.substr(16);
    if (s[0] != ':' || s[1] < '0' || s[1] > '5' || s[2] < '0' || s[2] > '9') return std::nullopt;
    second = (s[1] - '0') * 10 + (s[2] - '0');
  }
  const std::time_t at =
      local_moment(static_cast<int>(date->year()), static_cast<unsigned>(date->month()),
                   static_cast<unsigned>(date->day()), *time, second);
  if (at == -1) return std::nullopt;
  return local_iso8601(at);
}

}  // namespace

std::optional<std::string> pause_until_argument(std::string_view text,
                                                system_clock::time_point now) {
  // "9:30" as people write it, too.
  const std::string padded = text.size() == 4 && text[1] == ':' ? "0" + std::string(text) : "";
  if (const auto time = protocol::parse_time_of_day(padded.empty() ? text : padded)) {
    return next_time_of_day(*time, system_clock::to_time_t(now));
  }
  if (protocol::parse_iso8601(text)) return std::string(text);
  return local_date_time(text);
}

}  // namespace screentime::client
