#pragma once
// WaylandIdleProtocol: a compositor protocol that says when a seat has had no input for a
// given time and when input came back: ext-idle-notify-v1, the standard one, or KDE's older
// org_kde_kwin_idle (KWin offers both; sway 1.7, Debian 12's, only KDE's). Both give one
// object per timeout, whose idle event carries no time; WaylandIdleSession does the rest the
// same way for either. Loop thread only.

#include <cstdint>
#include <memory>
#include <span>

struct wl_interface;
struct wl_registry;
struct wl_seat;

namespace screentime::adapters {

// What a timeout object says, from inside libwayland's dispatch.
class WaylandIdleTimeoutListener {
 public:
  virtual ~WaylandIdleTimeoutListener() = default;
  virtual void on_idle() = 0;
  virtual void on_resumed() = 0;
};

// One timeout object; destroying it destroys the protocol object, and its events go with it.
class WaylandIdleTimeout {
 public:
  virtual ~WaylandIdleTimeout() = default;
};

// A bound idle global; destroying it destroys the proxy (its timeout objects must go first).
class WaylandIdleProtocol {
 public:
  virtual ~WaylandIdleProtocol() = default;
  // An object that goes idle after `timeout_ms` without input on `seat`, counted from now,
  // and says `resumed` at the next input after that. It starts "not idle".
  virtual std::unique_ptr<WaylandIdleTimeout> watch(wl_seat& seat, std::uint32_t timeout_ms,
                                                    WaylandIdleTimeoutListener& listener) = 0;
};

// A protocol the session can use when the compositor offers its global.
struct WaylandIdleProtocolKind {
  const wl_interface* global;  // the global's, e.g. ext_idle_notifier_v1
  const char* label;           // for the log, e.g. "ext-idle-notify-v1"
  // Binds the global `name` (version 1, all we use) from `registry`.
  std::unique_ptr<WaylandIdleProtocol> (*bind)(wl_registry& registry, std::uint32_t name);
};

// The protocols known, the preferred first: ext-idle-notify-v1, then org_kde_kwin_idle.
std::span<const WaylandIdleProtocolKind> wayland_idle_protocols();

}  // namespace screentime::adapters
