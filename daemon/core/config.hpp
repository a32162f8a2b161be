#pragma once
// Config: every setting the daemon reads, at its built-in default. The shipped
// config/screentime.toml lists the same defaults; a test keeps the two equal.

#include <optional>
#include <string>

#include "daemon/core/breaks.hpp"
#include "daemon/core/day_attribution.hpp"

namespace screentime::core {

struct Config {
  // [general]
  DayStart day_start = kDefaultDayStart;
  // [history]
  std::string database;  // empty: $XDG_STATE_HOME/screentime/history.db
  Duration checkpoint_interval = std::chrono::minutes{5};
  std::optional<Duration> retention;  // empty: keep everything
  // [activity]
  std::string activity_source = "auto";  // auto, wayland, x11, gnome, screensaver, logind, none
  Duration idle_threshold = std::chrono::minutes{5};
  Duration inhibitor_cap = std::chrono::hours{3};
  // [breaks], [breaks.eye], [breaks.movement], [goal]
  BreakSettings breaks;
  // [report]
  bool weekly_notice = false;

  friend bool operator==(const Config&, const Config&) = default;
};

}  // namespace screentime::core
