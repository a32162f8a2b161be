#include "daemon/core/posix_time_zone.hpp"

#include <cctype>

namespace screentime::core {
namespace {

using std::chrono::seconds;

// A small cursor over the rule text; each reader returns false on malformed input.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: three or more letters, or anything but '>' inside <...>.
  bool read_name() {
    std::size_t length = 0;
    if (accept('<')) {
      while (!done() && peek() != '>') ++pos_, ++length;
      return accept('>') && length >= 3;
    }
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++pos_, ++length;
    return length >= 3;
  }

  bool read_number(int max_value, int& out) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return false;
    out = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      out = out * 10 + (text_[pos_++] - '0');
      if (out > max_value) return false;
    }
    return true;
  }

  // [+-]hh[:mm[:ss]], hours up to 167 as RFC 8536 allows for transition times.
  bool read_signed_time(seconds& out) {
    int sign = 1;
    if (accept('-')) {
      sign = -1;
    } else {
      accept('+');
    }
    int hours = 0, minutes = 0, secs = 0;
    if (!read_number(167, hours)) return false;
    if (accept(':')) {
      if (!read_number(59, minutes)) return false;
      if (accept(':') && !read_number(59, secs)) return false;
    }
    out = seconds{sign * (hours * 3600 + minutes * 60 + secs)};
    return true;
  }

  bool read_rule(PosixTimeZone::Rule& rule) {
    using Kind = PosixTimeZone::Rule::Kind;
    if (accept('J')) {
      rule.kind = Kind::julian_no_leap;
      if (!read_number(365, rule.day) || rule.day < 1) return false;
    } else if (accept('M')) {
      rule.kind = Kind::month_week_weekday;
      if (!read_number(12, rule.month) || rule.month < 1 || !accept('.')) return false;
      if (!read_number(5, rule.week) || rule.week < 1 || !accept('.')) return false;
      if (!read_number(6, rule.day)) return false;
    } else {
      rule.kind = Kind::zero_based_day;
      if (!read_number(365, rule.day)) return false;
    }
    if (accept('/')) return read_signed_time(rule.time_of_day);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::chrono::sys_days rule_day(int year, const PosixTimeZone::Rule& rule) {
  using namespace std::chrono;
  using Kind = PosixTimeZone::Rule::Kind;
  const sys_days new_year{std::chrono::year{year} / January / 1};
  switch (rule.kind) {
    case Kind::julian_no_leap: {
      // Jn never counts 29 February: day 60 is always 1 March.
      const bool past_february = rule.day >= 60 && std::chrono::year{year}.is_leap();
      return new_year + days{rule.day - 1 + (past_february ? 1 : 0)};
    }
    case Kind::zero_based_day:
      return new_year + days{rule.day};
    case Kind::month_week_weekday: {
      const auto month_of_rule = month{static_cast<unsigned>(rule.month)};
      const auto day_of_week = weekday{static_cast<unsigned>(rule.day)};
      if (rule.week == 5) {
        return sys_days{std::chrono::year{year} / month_of_rule / day_of_week[last]};
      }
      return sys_days{std::chrono::year{year} / month_of_rule /
                      day_of_week[static_cast<unsigned>(rule.week)]};
    }
  }
  return new_year;
}

}  // namespace

std::optional<PosixTimeZone> PosixTimeZone::parse(std::string_view spec) {
  PosixTimeZone zone;
  zone.spec_ = std::string(spec);
  Reader reader(spec);
  seconds posix_offset{};
  // POSIX offsets count west of Greenwich as positive: UTC offset is their negation.
  if (!reader.read_name() || !reader.read_signed_time(posix_offset)) return std::nullopt;
  zone.standard_offset_ = -posix_offset;
  if (reader.done()) return zone;

  if (!reader.read_name()) return std::nullopt;
  zone.summer_offset_ = zone.standard_offset_ + seconds{3600};
  if (!reader.done() && reader.peek() != ',') {
    if (!reader.read_signed_time(posix_offset)) return std::nullopt;
    zone.summer_offset_ = -posix_offset;
  }
  if (reader.done()) {
    // No rule given: POSIX leaves it to the implementation; glibc uses the US rules.
    zone.summer_start_ = {Rule::Kind::month_week_weekday, 0, 3, 2, seconds{7200}};
    zone.summer_end_ = {Rule::Kind::month_week_weekday, 0, 11, 1, seconds{7200}};
    return zone;
  }
  if (!reader.accept(',') || !reader.read_rule(zone.summer_start_) || !reader.accept(',') ||
      !reader.read_rule(zone.summer_end_) || !reader.done()) {
    return std::nullopt;
  }
  return zone;
}

PosixTimeZone PosixTimeZone::utc() { return *parse("UTC0"); }

WallTime PosixTimeZone::transition(int year, const Rule& rule, UtcOffset offset_before) const {
  const auto local_moment = rule_day(year, rule) + rule.time_of_day;
  return WallTime{
      std::chrono::duration_cast<Duration>((local_moment - offset_before).time_since_epoch())};
}

UtcOffset PosixTimeZone::utc_offset(WallTime at) const {
  if (!summer_offset_) return standard_offset_;
  const auto local_day = std::chrono::floor<std::chrono::days>(at + standard_offset_);
  const int year = static_cast<int>(std::chrono::year_month_day{local_day}.year());
  const WallTime starts = transition(year, summer_start_, standard_offset_);
  const WallTime ends = transition(year, summer_end_, *summer_offset_);
  const bool summer = starts < ends ? (at >= starts && at < ends)   // northern hemisphere
                                    : (at >= starts || at < ends);  // southern: spans new year
  return summer ? *summer_offset_ : standard_offset_;
}

}  // namespace screentime::core
