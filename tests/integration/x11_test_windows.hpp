#pragma once
// TestWindows: the X11 tests' own X client on $DISPLAY. Makes windows and writes the EWMH
// properties a window manager would (Xvfb runs none): the active window, fullscreen, titles.

#include <xcb/xcb.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/adapters/x11/xcb_connection.hpp"

namespace screentime::adapters {

class TestWindows {
 public:
  TestWindows() : connection_(xcb_connect(nullptr, nullptr)) {
    if (!ok()) return;  // the test asserts ok()
    root_ = xcb_setup_roots_iterator(xcb_get_setup(connection_)).data->root;
    active_ = atom("_NET_ACTIVE_WINDOW");
    state_ = atom("_NET_WM_STATE");
    fullscreen_ = atom("_NET_WM_STATE_FULLSCREEN");
    name_ = atom("_NET_WM_NAME");
    utf8_ = atom("UTF8_STRING");
  }
  ~TestWindows() { xcb_disconnect(connection_); }
  TestWindows(const TestWindows&) = delete;
  TestWindows& operator=(const TestWindows&) = delete;

  bool ok() const { return xcb_connection_has_error(connection_) == 0; }

  xcb_window_t create(const std::string& title) {
    const xcb_window_t window = xcb_generate_id(connection_);
    xcb_create_window(connection_, XCB_COPY_FROM_PARENT, window, root_, 0, 0, 100, 100, 0,
                      XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, 0, nullptr);
    set_title(window, title);
    return window;
  }
  void set_title(xcb_window_t window, const std::string& title) {
    xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window, name_, utf8_, 8,
                        static_cast<std::uint32_t>(title.size()), title.data());
    sync();
  }
  void set_active(xcb_window_t window) {
    xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, root_, active_, XCB_ATOM_WINDOW, 32, 1,
                        &window);
    sync();
  }
  void set_fullscreen(xcb_window_t window, bool fullscreen) {
    xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window, state_, XCB_ATOM_ATOM, 32,
                        fullscreen ? 1 : 0, &fullscreen_);
    sync();
  }

 private:
  xcb_atom_t atom(std::string_view name) {
    const auto cookie =
        xcb_intern_atom(connection_, 0, static_cast<std::uint16_t>(name.size()), name.data());
    const XcbPtr<xcb_intern_atom_reply_t> reply(
        xcb_intern_atom_reply(connection_, cookie, nullptr));
    return reply ? reply->atom : xcb_atom_t{XCB_ATOM_NONE};
  }
  // A round trip: the server has done all we asked.
  void sync() {
    const XcbPtr<xcb_get_input_focus_reply_t> reply(
        xcb_get_input_focus_reply(connection_, xcb_get_input_focus(connection_), nullptr));
  }

  xcb_connection_t* connection_;
  xcb_window_t root_ = 0;
  xcb_atom_t active_ = 0, state_ = 0, fullscreen_ = 0, name_ = 0, utf8_ = 0;
};

}  // namespace screentime::adapters
