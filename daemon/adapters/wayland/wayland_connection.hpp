#pragma once
// WaylandConnection: one libwayland-client connection to a compositor, its socket watched by
// the Asio loop. No thread and no timer: when the socket is readable the events are read and
// dispatched (wl_display_prepare_read, read_events, dispatch_pending), and requests are
// flushed before the loop waits again. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

struct wl_display;

namespace screentime::adapters {

// Connecting to or talking with the compositor failed.
class WaylandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WaylandConnection {
 public:
  // Called once, from the loop, when the connection fails: the compositor hung up or raised
  // a protocol error. It must not destroy the connection from inside the call.
  using LostHandler = std::function<void(const std::string& why)>;

  // Connects to the compositor socket `display_name` (as in WAYLAND_DISPLAY: a name in
  // XDG_RUNTIME_DIR, or an absolute path). Throws WaylandError.
  WaylandConnection(boost::asio::io_context& io, const std::string& display_name);
  ~WaylandConnection();
  WaylandConnection(const WaylandConnection&) = delete;
  WaylandConnection& operator=(const WaylandConnection&) = delete;

  wl_display* display() const { return display_; }

  // Blocks until the compositor has answered every request made so far and the answers are
  // dispatched, for at most `timeout`; throws WaylandError when it does not. Start-up only,
  // before watch(): it reads the socket itself.
  void roundtrip(std::chrono::milliseconds timeout);

  // From now on the loop dispatches events as they arrive.
  void watch(LostHandler on_lost);

  // Sends the requests made so far. Those made inside event handlers go out anyway before the
  // loop waits; others need this.
  void flush();

 private:
  void wait_for_events();
  void on_readable();
  void wait_writable();
  void fail();
  std::string error_text() const;

  wl_display* display_;
  boost::asio::posix::stream_descriptor fd_;  // the display's; released, never closed, by Asio
  LostHandler on_lost_;
  // Handlers already queued in the loop may run after the connection is gone: they hold this
  // token weakly and do nothing once it expired.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool read_prepared_ = false;
  bool write_pending_ = false;
  bool failed_ = false;
};

}  // namespace screentime::adapters
