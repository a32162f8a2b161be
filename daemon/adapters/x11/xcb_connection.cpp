#include "daemon/adapters/x11/xcb_connection.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/posix/descriptor_base.hpp>
#include <boost/asio/post.hpp>
#include <exception>
#include <utility>

namespace screentime::adapters {

std::string xcb_error_text(int code) {
  switch (code) {
    case 0:
      return "no error";
    case XCB_CONN_ERROR:
      return "the connection failed (the X server is not running, refused us, or went away)";
    case XCB_CONN_CLOSED_EXT_NOTSUPPORTED:
      return "an extension is not supported";
    case XCB_CONN_CLOSED_MEM_INSUFFICIENT:
      return "out of memory";
    case XCB_CONN_CLOSED_REQ_LEN_EXCEED:
      return "a request was too long";
    case XCB_CONN_CLOSED_PARSE_ERR:
      return "the display name cannot be parsed";
    case XCB_CONN_CLOSED_INVALID_SCREEN:
      return "the display has no such screen";
    case XCB_CONN_CLOSED_FDPASSING_FAILED:
      return "passing a file descriptor failed";
    default:
      return "xcb error " + std::to_string(code);
  }
}

XcbConnection::XcbConnection(boost::asio::io_context& io, const std::string& display,
                             EventHandler on_event, ErrorHandler on_error)
    : io_(io),
      display_(display),
      fd_(io),
      on_event_(std::move(on_event)),
      on_error_(std::move(on_error)) {
  int screen_number = 0;
  // xcb_connect never returns null: a failed connection is an object in an error state, which
  // must be disconnected all the same.
  connection_.reset(xcb_connect(display_.c_str(), &screen_number));
  if (const int code = xcb_connection_has_error(connection_.get()); code != 0) {
    throw XcbError("cannot connect to X display \"" + display_ + "\": " + xcb_error_text(code));
  }
  auto screens = xcb_setup_roots_iterator(xcb_get_setup(connection_.get()));
  for (int i = 0; i < screen_number && screens.rem > 0; ++i) xcb_screen_next(&screens);
  if (screens.rem <= 0) throw XcbError("X display \"" + display_ + "\" has no such screen");
  root_ = screens.data->root;
  fd_.assign(xcb_get_file_descriptor(connection_.get()));
  wait();
}

XcbConnection::~XcbConnection() {
  // xcb owns the fd and closes it in xcb_disconnect(); Asio must not.
  if (fd_.is_open()) fd_.release();
}

bool XcbConnection::is_open() const noexcept {
  return !broken_ && xcb_connection_has_error(connection_.get()) == 0;
}

void XcbConnection::kick() {
  if (broken_) return;
  xcb_flush(connection_.get());
  if (dispatching_ || dispatch_posted_) return;  // the running dispatch picks it up
  dispatch_posted_ = true;
  boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired()) return;
    dispatch_posted_ = false;
    dispatch();
  });
}

void XcbConnection::wait() {
  waiting_ = true;
  fd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                 [this](const boost::system::error_code& error) {
                   if (error) return;  // released or destroyed: `this` may be gone
                   waiting_ = false;
                   dispatch();
                 });
}

void XcbConnection::dispatch() {
  if (broken_ || dispatching_) return;
  dispatching_ = true;
  // xcb_poll_for_event reads what the fd has and returns what is queued, also what a
  // synchronous reply read along the way: drain it all, since none of it wakes the fd again.
  while (XcbPtr<xcb_generic_event_t> event{xcb_poll_for_event(connection_.get())}) {
    try {
      on_event_(*event);
    } catch (const std::exception& error) {
      spdlog::error("X11: handling an event failed: {}", error.what());
    }
  }
  dispatching_ = false;
  // Whatever the handler sent goes out before the loop sleeps.
  if (xcb_connection_has_error(connection_.get()) != 0 || xcb_flush(connection_.get()) <= 0) {
    fail();
    return;
  }
  if (!waiting_) wait();
}

void XcbConnection::fail() {
  if (broken_) return;
  broken_ = true;
  waiting_ = false;
  // Stop waiting on the fd: it stays readable (at end of file) and would wake the loop for
  // ever. xcb keeps it open until xcb_disconnect(), so its number cannot be reused meanwhile.
  fd_.release();
  const std::string why = "lost the connection to X display \"" + display_ +
                          "\": " + xcb_error_text(xcb_connection_has_error(connection_.get()));
  // From a loop turn of its own: the handler may well destroy this connection.
  boost::asio::post(io_, [this, why, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired()) return;
    const ErrorHandler handler = on_error_;  // a copy: the handler may destroy `this`
    if (!handler) return;
    try {
      handler(why);
    } catch (const std::exception& error) {
      spdlog::error("X11: handling the lost connection failed: {}", error.what());
    }
  });
}

}  // namespace screentime::adapters
