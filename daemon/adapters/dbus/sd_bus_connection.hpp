#pragma once
// SdBusConnection: one sd-bus connection (system or session bus) driven by the daemon's Asio
// loop, with no thread of its own. The bus fd is waited on for what sd_bus_get_events() asks
// (POLLIN, and POLLOUT while sd-bus has unsent data), and sd_bus_get_timeout() is honoured
// with a CLOCK_MONOTONIC timerfd that is armed only while sd-bus has a timeout pending (method
// calls awaiting their replies): never an Asio timer, whose reactor would wake us every 5
// minutes forever (its epoll reactor caps its timerfd at 5 minutes). Loop thread only.

#include <systemd/sd-bus.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

namespace screentime::adapters {

class SdBusConnection {
 public:
  enum class Bus { kSystem, kSession };
  // Runs once, from a loop turn of its own (so it may destroy the connection), after the
  // connection was lost.
  using DisconnectHandler = std::function<void(std::string_view why)>;

  // Opens `bus` (sd_bus_open_system/sd_bus_open_user: DBUS_SYSTEM_BUS_ADDRESS and
  // DBUS_SESSION_BUS_ADDRESS are honoured). Throws std::system_error when it cannot.
  SdBusConnection(boost::asio::io_context& io, Bus bus, DisconnectHandler on_disconnect);
  ~SdBusConnection();
  SdBusConnection(const SdBusConnection&) = delete;
  SdBusConnection& operator=(const SdBusConnection&) = delete;

  sd_bus* get() const noexcept { return bus_.get(); }
  // False once the connection was lost (and stays so: make a new connection).
  bool is_open() const noexcept;

  // Call after using get() directly (a call, a send, a match): re-arms the waits for what
  // sd-bus needs now, and dispatches, from a loop turn of its own, whatever a synchronous call
  // read and queued (queued messages do not wake the fd again). Cheap; a no-op once closed.
  void kick();

  // For start-up, before the loop runs (sd_bus_wait() blocks the thread): processes the bus
  // until `done()` holds, the connection is lost or `timeout` passes; whether `done()` held.
  bool process_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

 private:
  struct BusCloser {
    void operator()(sd_bus* bus) const noexcept { sd_bus_flush_close_unref(bus); }
  };
  static constexpr std::uint64_t kNoTimeout = std::numeric_limits<std::uint64_t>::max();

  void process();
  void rearm();
  void wait_fd(bool writable);
  void wait_timer();
  void arm_timer(std::uint64_t usec);
  void stop_io();
  void report_disconnect();

  boost::asio::io_context& io_;
  std::unique_ptr<sd_bus, BusCloser> bus_;       // first: destroyed after the descriptors
  boost::asio::posix::stream_descriptor fd_;     // sd-bus's fd, released, never closed by us
  boost::asio::posix::stream_descriptor timer_;  // our CLOCK_MONOTONIC timerfd
  DisconnectHandler on_disconnect_;
  std::string why_lost_;
  // Posted handlers hold a weak reference: they may run after the connection is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::uint64_t timer_armed_ = kNoTimeout;  // absolute CLOCK_MONOTONIC µs, as sd-bus gives it
  bool reading_ = false;
  bool writing_ = false;
  bool processing_ = false;
  bool process_posted_ = false;
  bool closed_ = false;
};

}  // namespace screentime::adapters
