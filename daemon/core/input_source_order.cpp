#include "daemon/core/input_source_order.hpp"

namespace screentime::core {
namespace {

// Why `session` is a Wayland one, for the log.
std::string wayland_evidence(const GraphicalSession& session) {
  if (!session.wayland_display.empty()) {
    return "WAYLAND_DISPLAY is \"" + session.wayland_display + "\"";
  }
  return "the logind session's type is wayland";
}

std::string xwayland_text(const GraphicalSession& session) {
  return "this is a Wayland session (" + wayland_evidence(session) + "), where DISPLAY \"" +
         session.x11_display +
         "\" is Xwayland, whose idle counter sees only input to X windows, not to Wayland ones";
}

}  // namespace

bool is_wayland_session(const GraphicalSession& session) {
  return !session.wayland_display.empty() || session.logind_type == "wayland";
}

InputSourceOrder order_input_sources(const std::string& configured,
                                     const GraphicalSession& session) {
  const bool wayland = is_wayland_session(session);
  const bool xwayland = wayland && !session.x11_display.empty();
  if (configured != "auto") {
    InputSourceOrder order{{configured}, {}};
    // The config's word stands, but not silently.
    if (configured == "x11" && xwayland) {
      order.note = "x11 is set in the config, but " + xwayland_text(session);
    }
    return order;
  }
  InputSourceOrder order;
  if (!session.wayland_display.empty()) order.candidates.push_back("wayland");
  order.candidates.push_back("gnome");
  if (!wayland) order.candidates.push_back("x11");
  order.candidates.push_back("screensaver");
  if (xwayland) order.note = "not using X11 XSync IDLETIME: " + xwayland_text(session);
  return order;
}

}  // namespace screentime::core
