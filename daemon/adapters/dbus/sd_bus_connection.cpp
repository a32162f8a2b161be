#include "daemon/adapters/dbus/sd_bus_connection.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <boost/asio/posix/descriptor_base.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <ctime>
#include <exception>
#include <system_error>

#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

using boost::asio::posix::descriptor_base;

const char* bus_name(SdBusConnection::Bus which) {
  return which == SdBusConnection::Bus::kSystem ? "system bus" : "session bus";
}

sd_bus* open_bus(SdBusConnection::Bus which) {
  sd_bus* bus = nullptr;
  const int result =
      which == SdBusConnection::Bus::kSystem ? sd_bus_open_system(&bus) : sd_bus_open_user(&bus);
  if (result < 0) {
    throw std::system_error(-result, std::generic_category(),
                            std::string("cannot connect to the ") + bus_name(which));
  }
  return bus;
}

int bus_fd(sd_bus* bus) {
  const int fd = sd_bus_get_fd(bus);
  if (fd < 0) throw std::system_error(-fd, std::generic_category(), "sd_bus_get_fd");
  return fd;
}

int make_monotonic_timerfd() {
  // CLOCK_MONOTONIC because sd_bus_get_timeout() answers on that clock.
  const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
  return fd;
}

}  // namespace

SdBusConnection::SdBusConnection(boost::asio::io_context& io, Bus bus,
                                 DisconnectHandler on_disconnect)
    : io_(io),
      bus_(open_bus(bus)),
      fd_(io),
      timer_(io, make_monotonic_timerfd()),
      on_disconnect_(std::move(on_disconnect)),
      why_lost_(std::string("lost the connection to the ") + bus_name(bus)) {
  fd_.assign(bus_fd(bus_.get()));
  try {
    wait_timer();
    // The connection is still being set up (connect, authentication, Hello): let the loop
    // drive that too.
    kick();
  } catch (...) {
    fd_.release();  // sd-bus closes it
    throw;
  }
}

SdBusConnection::~SdBusConnection() {
  // sd-bus owns the fd and closes it in sd_bus_flush_close_unref(); Asio must not.
  if (fd_.is_open()) fd_.release();
}

bool SdBusConnection::is_open() const noexcept {
  return !closed_ && sd_bus_is_open(bus_.get()) > 0;
}

void SdBusConnection::kick() {
  // Inside process() the loop there goes on until sd-bus is done, then re-arms.
  if (closed_ || processing_) return;
  rearm();
  if (process_posted_) return;
  process_posted_ = true;
  boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired()) return;
    process_posted_ = false;
    process();
  });
}

bool SdBusConnection::process_until(const std::function<bool()>& done,
                                    std::chrono::milliseconds timeout) {
  if (processing_) return done();  // not from inside a bus callback: sd-bus is not reentrant
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    process();
    if (done()) return true;
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
        until - std::chrono::steady_clock::now());
    if (closed_ || left.count() <= 0) return false;
    // Negative once the connection broke; the next process() notices that.
    sd_bus_wait(bus_.get(), static_cast<std::uint64_t>(left.count()));
  }
}

void SdBusConnection::process() {
  if (processing_ || closed_) return;
  processing_ = true;
  int result = 0;
  do {
    result = sd_bus_process(bus_.get(), nullptr);
    // Let go of the fd as soon as sd-bus starts closing: it closes the fd itself a few calls
    // later, and Asio must not keep (and later deregister) a number that may be reused.
    if (!closed_ &&
        (result == -ECONNRESET || result == -ENOTCONN || sd_bus_is_open(bus_.get()) <= 0)) {
      stop_io();
    }
  } while (result > 0);  // queued messages do not wake the fd again: drain them all
  processing_ = false;
  if (closed_) {
    report_disconnect();
    return;
  }
  if (result < 0) {
    spdlog::warn("D-Bus: processing failed: {}, ignoring", describe_error(nullptr, result));
  }
  rearm();
}

void SdBusConnection::rearm() {
  if (closed_) return;
  const int events = sd_bus_get_events(bus_.get());
  if (events > 0) {
    if ((events & POLLIN) && !reading_) wait_fd(false);
    if ((events & POLLOUT) && !writing_) wait_fd(true);
  }
  std::uint64_t usec = kNoTimeout;
  if (sd_bus_get_timeout(bus_.get(), &usec) < 0) usec = kNoTimeout;
  arm_timer(usec);
}

void SdBusConnection::wait_fd(bool writable) {
  (writable ? writing_ : reading_) = true;
  fd_.async_wait(writable ? descriptor_base::wait_write : descriptor_base::wait_read,
                 [this, writable](const boost::system::error_code& error) {
                   if (error) return;  // released or destroyed: `this` may be gone
                   (writable ? writing_ : reading_) = false;
                   process();
                 });
}

void SdBusConnection::wait_timer() {
  timer_.async_wait(descriptor_base::wait_read, [this](const boost::system::error_code& error) {
    if (error) return;  // destroyed: `this` is gone
    std::uint64_t expirations = 0;
    if (::read(timer_.native_handle(), &expirations, sizeof expirations) > 0) {
      timer_armed_ = kNoTimeout;  // a one-shot: it disarmed itself
      process();                  // sd-bus fails the calls whose time ran out
    }
    wait_timer();
  });
}

void SdBusConnection::arm_timer(std::uint64_t usec) {
  if (usec == timer_armed_) return;
  itimerspec spec{};  // all zero: disarmed
  if (usec != kNoTimeout) {
    spec.it_value.tv_sec = static_cast<std::time_t>(usec / 1'000'000);
    spec.it_value.tv_nsec = static_cast<long>(usec % 1'000'000) * 1000;
    // Zero would disarm; sd-bus says 0 for "at once".
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  }
  if (timerfd_settime(timer_.native_handle(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    spdlog::error("D-Bus: cannot arm the call timeout timer: {}",
                  std::error_code(errno, std::generic_category()).message());
    return;
  }
  timer_armed_ = usec;
}

void SdBusConnection::stop_io() {
  closed_ = true;
  reading_ = writing_ = false;
  fd_.release();  // cancels the waits; their handlers see operation_aborted
  arm_timer(kNoTimeout);
}

void SdBusConnection::report_disconnect() {
  // From a loop turn of its own: the handler may well destroy this connection.
  boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired()) return;
    // Copies: the handler may destroy `this`.
    const DisconnectHandler handler = on_disconnect_;
    const std::string why = why_lost_;
    if (!handler) return;
    try {
      handler(why);
    } catch (const std::exception& error) {
      spdlog::error("D-Bus: handling the lost connection failed: {}", error.what());
    }
  });
}

}  // namespace screentime::adapters
