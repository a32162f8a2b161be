#include "daemon/protocol/duration_text.hpp"

#include <array>
#include <limits>

namespace screentime::protocol {
namespace {

struct Unit {
  std::string_view name;
  Duration length;
};

// Longest names first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 5> kUnits = {{{"d", std::chrono::hours{24}},
                                         {"h", std::chrono::hours{1}},
                                         {"ms", Duration{1}},
                                         {"m", std::chrono::minutes{1}},
                                         {"s", std::chrono::seconds{1}}}};

int rank(std::string_view unit) {  // position in decreasing order of length
  constexpr std::array<std::string_view, 5> order = {"d", "h", "m", "s", "ms"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == unit) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Duration total{};
  int last_rank = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t value = 0;
    const std::size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (value > std::numeric_limits<std::int64_t>::max() / 10 / 86'400'000) return std::nullopt;
      value = value * 10 + (text[pos++] - '0');
    }
    if (pos == digits_start) return std::nullopt;
    const Unit* unit = nullptr;
    for (const Unit& candidate : kUnits) {
      if (text.substr(pos, candidate.name.size()) == candidate.name) {
        unit = &candidate;
        break;
      }
    }
    if (!unit || rank(unit->name) <= last_rank) return std::nullopt;
    last_rank = rank(unit->name);
    pos += unit->name.size();
    total += unit->length * value;
  }
  return total;
}

std::string format_duration(Duration duration) {
  if (duration == Duration::zero()) return "0s";
  std::string text = duration < Duration::zero() ? "-" : "";
  Duration rest = duration < Duration::zero() ? -duration : duration;
  for (std::string_view name : {"d", "h", "m", "s", "ms"}) {
    for (const Unit& unit : kUnits) {
      if (unit.name != name) continue;
      const auto count = rest / unit.length;
      if (count > 0) {
        text += std::to_string(count);
        text += name;
        rest -= unit.length * count;
      }
    }
  }
  return text;
}

}  // namespace screentime::protocol
