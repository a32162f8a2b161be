#include "daemon/protocol/iso8601.hpp"

#include <cstdio>

namespace screentime::protocol {
namespace {

using namespace std::chrono;

// Reads exactly `width` digits.
bool digits(std::string_view text, std::size_t& pos, std::size_t width, int& out) {
  if (pos + width > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += width;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<LocalDate> read_date(std::string_view text, std::size_t& pos) {
  int y = 0, m = 0, d = 0;
  if (!digits(text, pos, 4, y) || !expect(text, pos, '-') || !digits(text, pos, 2, m) ||
      !expect(text, pos, '-') || !digits(text, pos, 2, d)) {
    return std::nullopt;
  }
  const LocalDate date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace

std::optional<LocalDate> parse_iso_date(std::string_view text) {
  std::size_t pos = 0;
  auto date = read_date(text, pos);
  if (!date || pos != text.size()) return std::nullopt;
  return date;
}

std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  std::size_t pos = 0;
  int h = 0, m = 0;
  if (!digits(text, pos, 2, h) || !expect(text, pos, ':') || !digits(text, pos, 2, m) ||
      pos != text.size() || h > 23 || m > 59) {
    return std::nullopt;
  }
  return hours{h} + minutes{m};
}

std::optional<OffsetDateTime> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  const auto date = read_date(text, pos);
  int h = 0, m = 0, s = 0, ms = 0;
  if (!date || !(expect(text, pos, 'T') || expect(text, pos, ' ')) || !digits(text, pos, 2, h) ||
      !expect(text, pos, ':') || !digits(text, pos, 2, m) || !expect(text, pos, ':') ||
      !digits(text, pos, 2, s) || h > 23 || m > 59 || s > 59) {
    return std::nullopt;
  }
  if (expect(text, pos, '.') && !digits(text, pos, 3, ms)) return std::nullopt;
  UtcOffset offset{};
  if (!expect(text, pos, 'Z')) {
    const bool east = pos < text.size() && text[pos] == '+';
    if (!expect(text, pos, '+') && !expect(text, pos, '-')) return std::nullopt;
    int oh = 0, om = 0;
    if (!digits(text, pos, 2, oh) || !expect(text, pos, ':') || !digits(text, pos, 2, om) ||
        oh > 14 || om > 59) {
      return std::nullopt;
    }
    offset = hours{oh} + minutes{om};
    if (!east) offset = -offset;
  }
  if (pos != text.size()) return std::nullopt;
  const auto local = sys_days{*date} + hours{h} + minutes{m} + seconds{s} + milliseconds{ms};
  return OffsetDateTime{WallTime{local - offset}, offset};
}

std::string format_iso_date(LocalDate date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::string format_iso8601(WallTime at, UtcOffset offset) {
  const auto local = at + offset;
  const auto day = floor<days>(local);
  const hh_mm_ss<milliseconds> time{local - day};
  char buffer[48];
  int length = std::snprintf(
      buffer, sizeof buffer, "%sT%02d:%02d:%02d", format_iso_date(LocalDate{day}).c_str(),
      static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
      static_cast<int>(time.seconds().count()));
  if (time.subseconds().count() != 0) {
    length += std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length),
                            ".%03d", static_cast<int>(time.subseconds().count()));
  }
  const auto minutes_east = duration_cast<minutes>(offset).count();
  const long magnitude = minutes_east < 0 ? -minutes_east : minutes_east;
  std::snprintf(buffer + length, sizeof buffer - static_cast<std::size_t>(length), "%c%02ld:%02ld",
                minutes_east < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return buffer;
}

}  // namespace screentime::protocol
