#include "daemon/adapters/system/wall_clock_watch.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <boost/asio/posix/descriptor_base.hpp>
#include <cerrno>
#include <cstdint>
#include <system_error>

#include "daemon/adapters/system/loop_edge.hpp"

namespace screentime::adapters {
namespace {

int make_realtime_timerfd() {
  const int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
  return fd;
}

}  // namespace

WallClockWatch::WallClockWatch(boost::asio::io_context& io, std::function<void()> on_change)
    : fd_(io, make_realtime_timerfd()), on_change_(std::move(on_change)) {
  arm();
  wait();
}

void WallClockWatch::arm() {
  // Far enough never to expire; only the cancellation matters.
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(1) << 40;
  if (timerfd_settime(fd_.native_handle(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec,
                      nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "timerfd_settime");
  }
}

void WallClockWatch::wait() {
  fd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                 [this](const boost::system::error_code& error) {
                   if (error) return;
                   std::uint64_t expirations = 0;
                   if (::read(fd_.native_handle(), &expirations, sizeof expirations) < 0 &&
                       errno == ECANCELED) {
                     arm();  // the cancellation disarmed it
                     at_loop_edge("wall clock change", on_change_);
                   }
                   wait();
                 });
}

}  // namespace screentime::adapters
