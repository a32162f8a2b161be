#pragma once
// XcbConnection: one connection to an X server driven by the daemon's Asio loop, with no
// thread of its own. The connection's fd is waited on for reading; every event xcb has read
// (also those a synchronous reply read on its way, which do not wake the fd again) goes to the
// event handler, and requests are flushed before the loop goes back to sleep. xcb, not Xlib:
// Xlib's IO error handler exits the process when the server goes away; a broken xcb
// connection is reported to the error handler instead. Loop thread only.

#include <xcb/xcb.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdlib>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace screentime::adapters {

// What xcb allocates for a reply or an event, freed with free().
struct XcbFree {
  void operator()(void* memory) const noexcept { std::free(memory); }
};
template <typename T>
using XcbPtr = std::unique_ptr<T, XcbFree>;

// The X server could not be reached, or a request needed at set-up failed.
class XcbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// xcb_connection_has_error()'s code in words.
std::string xcb_error_text(int code);

class XcbConnection {
 public:
  // Every event and every X error (response_type 0) of requests sent unchecked.
  using EventHandler = std::function<void(const xcb_generic_event_t& event)>;
  // Runs once, from a loop turn of its own (so it may destroy the connection), after the
  // connection broke.
  using ErrorHandler = std::function<void(std::string_view why)>;

  // Connects to `display` (e.g. ":1"). Throws XcbError when it cannot.
  XcbConnection(boost::asio::io_context& io, const std::string& display, EventHandler on_event,
                ErrorHandler on_error);
  ~XcbConnection();
  XcbConnection(const XcbConnection&) = delete;
  XcbConnection& operator=(const XcbConnection&) = delete;

  xcb_connection_t* get() const noexcept { return connection_.get(); }
  xcb_window_t root() const noexcept { return root_; }
  const std::string& display() const noexcept { return display_; }
  // False once the connection broke (and stays so: make a new connection).
  bool is_open() const noexcept;

  // Call after sending requests other than from the event handler: flushes them, and hands
  // over, from a loop turn of its own, the events a synchronous reply read. Notices a broken
  // connection too. Cheap; a no-op once broken.
  void kick();

 private:
  struct Disconnect {
    void operator()(xcb_connection_t* connection) const noexcept { xcb_disconnect(connection); }
  };

  void wait();
  void dispatch();
  void fail();

  boost::asio::io_context& io_;
  std::string display_;
  std::unique_ptr<xcb_connection_t, Disconnect> connection_;  // first: outlives the descriptor
  boost::asio::posix::stream_descriptor fd_;  // xcb's fd, released, never closed by us
  xcb_window_t root_ = 0;
  EventHandler on_event_;
  ErrorHandler on_error_;
  // Posted handlers hold a weak reference: they may run after the connection is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool waiting_ = false;
  bool dispatching_ = false;
  bool dispatch_posted_ = false;
  bool broken_ = false;
};

// Sends `request`'s reply back as an owned pointer; nullptr if the request failed (an X error,
// freed here, or a broken connection).
template <typename Reply, typename Cookie>
XcbPtr<Reply> xcb_take_reply(Reply* (*get_reply)(xcb_connection_t*, Cookie, xcb_generic_error_t**),
                             xcb_connection_t* connection, Cookie cookie) {
  xcb_generic_error_t* error = nullptr;
  XcbPtr<Reply> reply(get_reply(connection, cookie, &error));
  XcbPtr<xcb_generic_error_t> owned_error(error);
  return owned_error ? nullptr : std::move(reply);
}

}  // namespace screentime::adapters
