#pragma once
// The order in which the daemon tries input idle sources, from what it knows of the
// graphical session. A Wayland session's X display is Xwayland, whose idle counters see
// only input to X windows: typing into a native Wayland window would look like idleness.
// So in a Wayland session X11 is never a candidate, unless the config names it.

#include <string>
#include <vector>

namespace screentime::core {

// What the daemon was told about its graphical session; "" where it was not.
struct GraphicalSession {
  std::string wayland_display;  // $WAYLAND_DISPLAY
  std::string x11_display;      // $DISPLAY
  std::string logind_type;      // the logind session's Type: "x11", "wayland", "tty", ...
};

// Whether `session` is a Wayland one: WAYLAND_DISPLAY is set, or logind says so (a service
// that was not given WAYLAND_DISPLAY still runs in a Wayland session).
bool is_wayland_session(const GraphicalSession& session);

struct InputSourceOrder {
  std::vector<std::string> candidates;  // most precise first
  // Something the log should say about the choice (why X11 is left out), or "".
  std::string note;
};

// For "auto": "wayland" (when WAYLAND_DISPLAY is set), "gnome", "x11" (not in a Wayland
// session), "screensaver". Otherwise just the one named.
InputSourceOrder order_input_sources(const std::string& configured,
                                     const GraphicalSession& session);

}  // namespace screentime::core
