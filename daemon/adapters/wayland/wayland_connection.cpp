#include "daemon/adapters/wayland/wayland_connection.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <wayland-client.h>

#include <array>
#include <boost/asio/posix/descriptor_base.hpp>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string_view>

namespace screentime::adapters {
namespace {

using boost::asio::posix::descriptor_base;

// libwayland-client prints its complaints to stderr; they belong in our log.
void log_libwayland(const char* format, va_list arguments) {
  std::array<char, 512> text{};
  std::vsnprintf(text.data(), text.size(), format, arguments);
  std::string_view line(text.data());
  if (line.ends_with('\n')) line.remove_suffix(1);
  spdlog::debug("libwayland: {}", line);
}

wl_display* connect(const std::string& display_name) {
  static std::once_flag log_handler;
  std::call_once(log_handler, [] { wl_log_set_handler_client(log_libwayland); });
  wl_display* display = wl_display_connect(display_name.c_str());
  if (display == nullptr) {
    throw WaylandError("cannot connect to \"" + display_name + "\": " + std::strerror(errno));
  }
  return display;
}

}  // namespace

WaylandConnection::WaylandConnection(boost::asio::io_context& io, const std::string& display_name)
    : display_(connect(display_name)), fd_(io) {
  try {
    fd_.assign(wl_display_get_fd(display_));
  } catch (...) {
    wl_display_disconnect(display_);
    throw;
  }
}

WaylandConnection::~WaylandConnection() {
  alive_.reset();
  if (read_prepared_) wl_display_cancel_read(display_);
  boost::system::error_code ignored;
  fd_.cancel(ignored);
  fd_.release();  // the display owns the socket and closes it
  wl_display_disconnect(display_);
}

void WaylandConnection::roundtrip(std::chrono::milliseconds timeout) {
  bool done = false;
  static constexpr wl_callback_listener kDone{
      [](void* data, wl_callback*, std::uint32_t) { *static_cast<bool*>(data) = true; }};
  const std::unique_ptr<wl_callback, void (*)(wl_callback*)> sync(wl_display_sync(display_),
                                                                  wl_callback_destroy);
  wl_callback_add_listener(sync.get(), &kDone, &done);
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (wl_display_dispatch_pending(display_) < 0) throw WaylandError(error_text());
    if (done) return;
    if (wl_display_prepare_read(display_) != 0) continue;  // more arrived: dispatch it first
    short events = POLLIN;
    if (wl_display_flush(display_) < 0 && errno == EAGAIN) events |= POLLOUT;
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd socket{wl_display_get_fd(display_), events, 0};
    const int ready = left.count() > 0 ? poll(&socket, 1, static_cast<int>(left.count())) : 0;
    if (ready <= 0 || (socket.revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
      const int error = errno;
      wl_display_cancel_read(display_);
      if (ready < 0 && error == EINTR) continue;
      if (ready < 0) throw WaylandError(std::string("poll: ") + std::strerror(error));
      if (ready == 0) throw WaylandError("the compositor did not answer in time");
      continue;  // only writable: the flush goes on
    }
    if (wl_display_read_events(display_) < 0) throw WaylandError(error_text());
  }
}

void WaylandConnection::watch(LostHandler on_lost) {
  if (failed_) throw WaylandError(error_text());
  on_lost_ = std::move(on_lost);
  wait_for_events();
}

void WaylandConnection::flush() {
  if (failed_ || wl_display_flush(display_) >= 0) return;
  if (errno == EAGAIN) return wait_writable();
  // EPIPE: the compositor hung up. Reading what it sent last tells why (a protocol error).
  if (errno != EPIPE) fail();
}

void WaylandConnection::wait_for_events() {
  // Events already queued would not wake the socket: dispatch them before announcing the read.
  while (wl_display_prepare_read(display_) != 0) {
    if (wl_display_dispatch_pending(display_) < 0) return fail();
  }
  read_prepared_ = true;
  flush();
  if (failed_) return;
  fd_.async_wait(descriptor_base::wait_read, [this, alive = std::weak_ptr<bool>(alive_)](
                                                 const boost::system::error_code& error) {
    if (alive.expired() || error) return;
    on_readable();
  });
}

void WaylandConnection::on_readable() {
  // A hang-up also wakes this: reading then fails with the reason.
  read_prepared_ = false;
  if (wl_display_read_events(display_) < 0) return fail();
  if (wl_display_dispatch_pending(display_) < 0) return fail();
  wait_for_events();
}

void WaylandConnection::wait_writable() {
  if (write_pending_) return;
  write_pending_ = true;
  fd_.async_wait(descriptor_base::wait_write, [this, alive = std::weak_ptr<bool>(alive_)](
                                                  const boost::system::error_code& error) {
    if (alive.expired() || error) return;
    write_pending_ = false;
    flush();
  });
}

void WaylandConnection::fail() {
  if (failed_) return;
  failed_ = true;
  if (on_lost_) on_lost_(error_text());
}

std::string WaylandConnection::error_text() const {
  const int error = wl_display_get_error(display_);
  if (error == EPROTO) {
    const wl_interface* interface = nullptr;
    std::uint32_t id = 0;
    const std::uint32_t code = wl_display_get_protocol_error(display_, &interface, &id);
    return "protocol error " + std::to_string(code) + " on " +
           (interface != nullptr ? interface->name : "an unknown object") + "@" +
           std::to_string(id);
  }
  if (error == 0 || error == EPIPE || error == ECONNRESET) {
    return "the compositor closed the connection";
  }
  return std::string("the connection to the compositor failed: ") + std::strerror(error);
}

}  // namespace screentime::adapters
