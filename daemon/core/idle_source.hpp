#pragma once
// IdleSource: anything that can tell how long the user has not touched keyboard or pointer,
// at several thresholds at once (the idle threshold, and each break's length: a 20 s eye break
// counts as taken only if the user is away 20 s). Implemented by the adapters (X11 XSync,
// Wayland ext-idle-notify or org_kde_kwin_idle, GNOME's and the freedesktop idle monitors); the
// core never knows which. Loop thread only.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "daemon/core/clock.hpp"

namespace screentime::core {

class IdleObserver {
 public:
  virtual ~IdleObserver() = default;
  // No input for `threshold`: the user has been away since `last_input` (the moment input
  // stopped, not the moment this was noticed). Once per threshold until input comes again.
  virtual void on_idle(Duration threshold, const Instant& last_input) = 0;
  // Input again after an on_idle, at `at`.
  virtual void on_input(const Instant& at) = 0;
  // The source stopped working (display or bus gone); nothing is known until on_input or
  // on_idle again.
  virtual void on_idle_source_lost(std::string_view why) = 0;
};

class IdleSource {
 public:
  virtual ~IdleSource() = default;

  // Starts watching for each of `thresholds`; false (with the reason logged) when this source
  // is not available here, so the daemon tries the next one.
  virtual bool start(std::span<const Duration> thresholds) = 0;
  // Replaces the thresholds (the config changed).
  virtual void set_thresholds(std::span<const Duration> thresholds) = 0;

  // Short name for status and interval sources: "x11", "wayland", "gnome", "screensaver".
  virtual std::string name() const = 0;
  // Longer text for status and the log, e.g. "X11 XSync IDLETIME on :0".
  virtual std::string describe() const = 0;
  // How late after the true moment it can report: zero for event-driven sources, the poll
  // interval for polled ones.
  virtual Duration precision() const = 0;

  // Sources that must retry or poll ask for a wake-up here (the daemon's single deadline).
  virtual std::optional<BootTime> next_deadline() const { return std::nullopt; }
  virtual void on_deadline() {}
};

}  // namespace screentime::core
