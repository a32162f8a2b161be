#pragma once
// X11FullscreenWatch: whether the active window is fullscreen, that is, whether the user is
// presenting or watching something that a break reminder should not cover. Reads EWMH's
// _NET_ACTIVE_WINDOW on the root window and that window's _NET_WM_STATE (fullscreen when it
// holds _NET_WM_STATE_FULLSCREEN), and follows both through PropertyNotify on the root and on
// the active window: no polling. Its own xcb connection on $DISPLAY; when the X server goes
// away it reports "not presenting" and reconnects with back-off through the daemon's single
// deadline timer (next_deadline(), on_deadline()), as X11IdleSource does. Loop thread only.

#include <xcb/xcb.h>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/adapters/x11/reconnect_backoff.hpp"
#include "daemon/adapters/x11/xcb_connection.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class X11FullscreenWatch {
 public:
  // Called when `presenting` changes, and when the fullscreen window's title changes;
  // `window_title` is empty when not presenting.
  using Callback = std::function<void(bool presenting, std::string window_title)>;

  // `display` is $DISPLAY as main read it ("" when unset).
  X11FullscreenWatch(boost::asio::io_context& io, const core::Clock& clock, std::string display,
                     Callback on_change);
  ~X11FullscreenWatch();
  X11FullscreenWatch(const X11FullscreenWatch&) = delete;
  X11FullscreenWatch& operator=(const X11FullscreenWatch&) = delete;

  // Connects to $DISPLAY and reads the state: the callback runs before this returns if a
  // fullscreen window is active. False, with the reason logged, without DISPLAY or server.
  bool start();

  bool presenting() const { return presenting_; }
  const std::string& window_title() const { return title_; }
  std::string describe() const;

  // Reconnecting after the connection broke.
  std::optional<core::BootTime> next_deadline() const { return retry_.at(); }
  // Call when the daemon's deadline fires (nothing happens before next_deadline()).
  void on_deadline();
  // Called when next_deadline() changes other than inside on_deadline(): the connection broke.
  std::function<void()> deadline_changed;

 private:
  struct Atoms {
    xcb_atom_t active_window = XCB_ATOM_NONE;
    xcb_atom_t wm_state = XCB_ATOM_NONE;
    xcb_atom_t fullscreen = XCB_ATOM_NONE;
    xcb_atom_t net_wm_name = XCB_ATOM_NONE;
    xcb_atom_t utf8_string = XCB_ATOM_NONE;
  };

  void connect();
  void on_event(const xcb_generic_event_t& event);
  void on_connection_lost(std::string_view why);
  // Re-reads the active window (when `active_changed`) and its state; reports a change.
  void refresh(bool active_changed);
  void follow(xcb_window_t window);
  bool is_fullscreen(xcb_window_t window) const;
  std::string title_of(xcb_window_t window) const;
  void report(bool presenting, std::string title);

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  Callback on_change_;
  std::string display_;
  std::unique_ptr<XcbConnection> connection_;
  Atoms atoms_;
  xcb_window_t active_ = XCB_WINDOW_NONE;  // followed for PropertyNotify
  bool presenting_ = false;
  std::string title_;
  ReconnectBackoff retry_;
};

}  // namespace screentime::adapters
