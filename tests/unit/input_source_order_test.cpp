// Which input idle sources the daemon tries, in which order, from what it knows of the
// session: above all, never X11's idle counter (Xwayland's) in a Wayland session.

#include "daemon/core/input_source_order.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace screentime::core {
namespace {

using Names = std::vector<std::string>;

struct Case {
  const char* scenario;
  std::string configured;
  GraphicalSession session;
  Names candidates;
  const char* note_has;  // "" for no note
};

const Case kCases[] = {
    {"X11 session", "auto", {"", ":0", "x11"}, {"gnome", "x11", "screensaver"}, ""},
    {"X display, no logind session", "auto", {"", ":0", ""}, {"gnome", "x11", "screensaver"}, ""},
    {"Wayland session with Xwayland",
     "auto",
     {"wayland-1", ":0", "wayland"},
     {"wayland", "gnome", "screensaver"},
     "WAYLAND_DISPLAY is \"wayland-1\""},
    {"WAYLAND_DISPLAY set, logind type unknown",
     "auto",
     {"wayland-1", ":0", ""},
     {"wayland", "gnome", "screensaver"},
     "Xwayland, whose idle counter sees only input to X"},
    {"WAYLAND_DISPLAY set but logind says x11",
     "auto",
     {"wayland-1", ":0", "x11"},
     {"wayland", "gnome", "screensaver"},
     "not using X11 XSync IDLETIME"},
    {"logind type wayland, no WAYLAND_DISPLAY",
     "auto",
     {"", ":0", "wayland"},
     {"gnome", "screensaver"},
     "the logind session's type is wayland"},
    {"Wayland session without Xwayland",
     "auto",
     {"wayland-1", "", "wayland"},
     {"wayland", "gnome", "screensaver"},
     ""},
    {"no display at all", "auto", {"", "", ""}, {"gnome", "x11", "screensaver"}, ""},
    {"x11 from the config in an X11 session", "x11", {"", ":0", "x11"}, {"x11"}, ""},
    {"x11 from the config in a Wayland session",
     "x11",
     {"wayland-1", ":0", "wayland"},
     {"x11"},
     "x11 is set in the config, but this is a Wayland session"},
    {"wayland from the config", "wayland", {"", ":0", "x11"}, {"wayland"}, ""},
};

TEST(InputSourceOrder, ByConfigAndSession) {
  for (const Case& each : kCases) {
    SCOPED_TRACE(each.scenario);
    const InputSourceOrder order = order_input_sources(each.configured, each.session);
    EXPECT_EQ(order.candidates, each.candidates);
    if (*each.note_has == '\0') {
      EXPECT_EQ(order.note, "");
    } else {
      EXPECT_NE(order.note.find(each.note_has), std::string::npos) << order.note;
    }
  }
}

TEST(InputSourceOrder, WaylandSessionByEitherSign) {
  EXPECT_TRUE(is_wayland_session({"wayland-0", "", ""}));
  EXPECT_TRUE(is_wayland_session({"", "", "wayland"}));
  EXPECT_FALSE(is_wayland_session({"", ":0", "x11"}));
  EXPECT_FALSE(is_wayland_session({"", "", "tty"}));
}

}  // namespace
}  // namespace screentime::core
