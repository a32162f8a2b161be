#pragma once
// BarView: one line for a status bar (Waybar, i3blocks, polybar, or plain text) from what the
// daemon said last, in `status` or on the subscribe stream, counted on by itself between
// messages as docs/protocol.md tells a consumer to: today's total and the next break move with
// active time, the limit's time left as its standing says. The daemon sends no ticks, so the
// line's next change is worked out here, and a watcher sleeps until then.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {

using BarClock = std::chrono::steady_clock;

struct BarLine {
  std::string text;     // "2h 05m · break in 12m · 25m left"
  std::string tooltip;  // several lines, for people
  // The state first, then what a style sheet may want to show: "break-due", "on-break",
  // "paused", "limit-low" (under 5 minutes left), "limit-over".
  std::vector<std::string> classes;
  std::optional<int> percentage;  // of the limit's allowance used, else of the daily goal
  friend bool operator==(const BarLine&, const BarLine&) = default;
};

class BarView {
 public:
  // `goal_seconds`: the daily goal from the config, when it is on.
  explicit BarView(std::optional<std::int64_t> goal_seconds) : goal_seconds_(goal_seconds) {}

  // A `status` result, or the subscribe reply's: the state, today, breaks and limits.
  void take_status(const nlohmann::json& status, BarClock::time_point at);
  // One event of the subscribe stream (`state`, `breaks`, `limits`); others are ignored.
  void take_event(const nlohmann::json& event, BarClock::time_point at);

  BarLine line(BarClock::time_point now, protocol::WallTime wall_now) const;
  // How long until line() says something else; nullopt: not before the daemon says more.
  std::optional<std::chrono::seconds> next_change(BarClock::time_point now,
                                                  protocol::WallTime wall_now) const;

 private:
  struct Figures {
    std::int64_t active_today = 0;
    std::optional<std::int64_t> next_break;  // active seconds until the next break is due
    nlohmann::json limits;                   // the standing, counted to now
  };
  Figures figures(BarClock::time_point now, protocol::WallTime wall_now) const;
  void take_state(const nlohmann::json& state, BarClock::time_point at);
  // Active seconds since this view began: each piece counts on from its own mark.
  std::int64_t active_total(BarClock::time_point now) const;

  std::optional<std::int64_t> goal_seconds_;
  nlohmann::json state_;  // state, since, source, today
  nlohmann::json breaks_;
  nlohmann::json limits_;
  bool active_ = false;
  BarClock::time_point active_since_{};
  std::int64_t active_banked_ = 0;
  std::int64_t state_mark_ = 0, breaks_mark_ = 0;  // active_total() when each came
  BarClock::time_point limits_at_{};
};

// `line` as `format` wants it: "waybar" (one JSON object), "i3blocks" (full text, short text
// and, when it is urgent, a colour: one per line), "polybar" (text, red when urgent), or
// "plain". A stream of i3blocks lines (its persist mode) takes the full text alone.
std::string format_bar(const BarLine& line, std::string_view format, bool streaming);

}  // namespace screentime::client
