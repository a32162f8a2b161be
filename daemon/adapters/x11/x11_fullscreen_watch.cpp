#include "daemon/adapters/x11/x11_fullscreen_watch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <span>
#include <string_view>

namespace screentime::adapters {
namespace {

// Titles longer than this are cut (in 32-bit units, as GetProperty counts).
constexpr std::uint32_t kTitleLongs = 256;
constexpr std::uint32_t kMaxStates = 64;

using PropertyReply = XcbPtr<xcb_get_property_reply_t>;

PropertyReply get_property(xcb_connection_t* c, xcb_window_t window, xcb_atom_t property,
                           xcb_atom_t type, std::uint32_t longs) {
  return xcb_take_reply(xcb_get_property_reply, c,
                        xcb_get_property(c, 0, window, property, type, 0, longs));
}

// A property of 32-bit items (WINDOW, ATOM) as a span; empty if absent or of another type.
std::span<const std::uint32_t> items32(const PropertyReply& reply, xcb_atom_t type) {
  if (!reply || reply->type != type || reply->format != 32) return {};
  return {static_cast<const std::uint32_t*>(xcb_get_property_value(reply.get())),
          static_cast<std::size_t>(xcb_get_property_value_length(reply.get())) / 4};
}

}  // namespace

X11FullscreenWatch::X11FullscreenWatch(boost::asio::io_context& io, const core::Clock& clock,
                                       std::string display, Callback on_change)
    : io_(io), clock_(clock), on_change_(std::move(on_change)), display_(std::move(display)) {}

X11FullscreenWatch::~X11FullscreenWatch() = default;

bool X11FullscreenWatch::start() {
  if (display_.empty()) {
    spdlog::info("X11: DISPLAY is not set; not watching for fullscreen windows");
    return false;
  }
  try {
    connect();
    return true;
  } catch (const std::exception& error) {
    connection_.reset();
    spdlog::warn("X11: {}; not watching for fullscreen windows", error.what());
    return false;
  }
}

std::string X11FullscreenWatch::describe() const {
  if (connection_) return "X11 _NET_WM_STATE_FULLSCREEN of the active window on " + display_;
  if (retry_.at()) return "X11 on " + display_ + " (connection lost, reconnecting)";
  return "X11 fullscreen watch (not started)";
}

void X11FullscreenWatch::on_deadline() {
  if (!retry_.take_due(clock_.now().boot)) return;
  try {
    connect();
    retry_.connected();
    spdlog::debug("X11: fullscreen watch connected to display {} again", display_);
  } catch (const std::exception& error) {
    connection_.reset();
    const std::string wait = retry_.schedule(clock_.now().boot);
    spdlog::debug("X11: fullscreen watch reconnecting failed ({}), retrying in {}", error.what(),
                  wait);
  }
}

void X11FullscreenWatch::connect() {
  active_ = XCB_WINDOW_NONE;
  connection_ = std::make_unique<XcbConnection>(
      io_, display_, [this](const xcb_generic_event_t& event) { on_event(event); },
      [this](std::string_view why) { on_connection_lost(why); });
  xcb_connection_t* c = connection_->get();
  constexpr std::array<std::string_view, 5> kNames = {"_NET_ACTIVE_WINDOW", "_NET_WM_STATE",
                                                      "_NET_WM_STATE_FULLSCREEN", "_NET_WM_NAME",
                                                      "UTF8_STRING"};
  std::array<xcb_intern_atom_cookie_t, kNames.size()> cookies{};
  for (std::size_t i = 0; i < kNames.size(); ++i) {  // all requests first: one round trip
    cookies[i] =
        xcb_intern_atom(c, 0, static_cast<std::uint16_t>(kNames[i].size()), kNames[i].data());
  }
  std::array<xcb_atom_t, kNames.size()> atoms{};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    const auto reply = xcb_take_reply(xcb_intern_atom_reply, c, cookies[i]);
    if (!reply) throw XcbError("cannot intern the EWMH atoms on display " + display_);
    atoms[i] = reply->atom;
  }
  atoms_ = {atoms[0], atoms[1], atoms[2], atoms[3], atoms[4]};
  // Other clients may select PropertyChange on the root too: it is not an exclusive mask.
  const std::uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE;
  xcb_change_window_attributes(c, connection_->root(), XCB_CW_EVENT_MASK, &mask);
  refresh(true);
  if (!connection_->is_open()) {
    throw XcbError("lost the connection to X display " + display_ + " while reading it");
  }
  connection_->kick();
}

void X11FullscreenWatch::on_connection_lost(std::string_view why) {
  connection_.reset();
  active_ = XCB_WINDOW_NONE;
  const std::string wait = retry_.schedule(clock_.now().boot);
  spdlog::debug("X11: fullscreen watch: {}; reconnecting in {}", why, wait);
  if (deadline_changed) {
    try {
      deadline_changed();
    } catch (const std::exception& error) {
      spdlog::error("X11: handling a new deadline failed: {}", error.what());
    }
  }
  report(false, {});  // nothing is known: do not hold anything back meanwhile
}

void X11FullscreenWatch::on_event(const xcb_generic_event_t& event) {
  if (event.response_type == 0) {
    // BadWindow when the window we followed is gone: the next refresh finds out.
    const auto& error = reinterpret_cast<const xcb_generic_error_t&>(event);
    spdlog::trace("X11: X error {} on request {}.{}, ignoring", error.error_code, error.major_code,
                  error.minor_code);
    return;
  }
  if ((event.response_type & 0x7f) != XCB_PROPERTY_NOTIFY) return;
  const auto& notify = reinterpret_cast<const xcb_property_notify_event_t&>(event);
  if (notify.window == connection_->root() && notify.atom == atoms_.active_window) {
    refresh(true);
  } else if (notify.window == active_ &&
             (notify.atom == atoms_.wm_state || notify.atom == atoms_.net_wm_name ||
              notify.atom == XCB_ATOM_WM_NAME)) {
    refresh(false);
  }
}

void X11FullscreenWatch::refresh(bool active_changed) {
  xcb_connection_t* c = connection_->get();
  if (active_changed) {
    const auto reply =
        get_property(c, connection_->root(), atoms_.active_window, XCB_ATOM_WINDOW, 1);
    const auto windows = items32(reply, XCB_ATOM_WINDOW);
    const xcb_window_t window = windows.empty() ? xcb_window_t{XCB_WINDOW_NONE} : windows.front();
    if (window != active_) follow(window);
  }
  // Reading after selecting: a change in between still comes as PropertyNotify.
  const bool presenting = active_ != XCB_WINDOW_NONE && is_fullscreen(active_);
  report(presenting, presenting ? title_of(active_) : std::string());
}

void X11FullscreenWatch::follow(xcb_window_t window) {
  xcb_connection_t* c = connection_->get();
  if (active_ != XCB_WINDOW_NONE && active_ != connection_->root()) {
    const std::uint32_t none = XCB_EVENT_MASK_NO_EVENT;  // BadWindow if gone: ignored
    xcb_change_window_attributes(c, active_, XCB_CW_EVENT_MASK, &none);
  }
  active_ = window;
  if (window != XCB_WINDOW_NONE && window != connection_->root()) {
    const std::uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE;
    xcb_change_window_attributes(c, window, XCB_CW_EVENT_MASK, &mask);
  }
}

bool X11FullscreenWatch::is_fullscreen(xcb_window_t window) const {
  const auto reply =
      get_property(connection_->get(), window, atoms_.wm_state, XCB_ATOM_ATOM, kMaxStates);
  const auto states = items32(reply, XCB_ATOM_ATOM);
  return std::ranges::find(states, atoms_.fullscreen) != states.end();
}

std::string X11FullscreenWatch::title_of(xcb_window_t window) const {
  xcb_connection_t* c = connection_->get();
  // EWMH's UTF-8 name first, then ICCCM's WM_NAME (of whatever encoding it is in).
  for (const auto& [property, type] :
       {std::pair{atoms_.net_wm_name, atoms_.utf8_string},
        std::pair{xcb_atom_t{XCB_ATOM_WM_NAME}, xcb_atom_t{XCB_GET_PROPERTY_TYPE_ANY}}}) {
    const auto reply = get_property(c, window, property, type, kTitleLongs);
    if (!reply || reply->format != 8 || xcb_get_property_value_length(reply.get()) <= 0) continue;
    return {static_cast<const char*>(xcb_get_property_value(reply.get())),
            static_cast<std::size_t>(xcb_get_property_value_length(reply.get()))};
  }
  return {};
}

void X11FullscreenWatch::report(bool presenting, std::string title) {
  if (presenting == presenting_ && title == title_) return;
  presenting_ = presenting;
  title_ = title;
  spdlog::debug("X11: {}", presenting ? "fullscreen window \"" + title + "\" active"
                                      : std::string("no fullscreen window active"));
  if (!on_change_) return;
  try {
    on_change_(presenting, std::move(title));
  } catch (const std::exception& error) {
    spdlog::error("X11: handling the fullscreen state failed: {}", error.what());
  }
}

}  // namespace screentime::adapters
