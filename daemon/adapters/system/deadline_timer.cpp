#include "daemon/adapters/system/deadline_timer.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <boost/asio/posix/descriptor_base.hpp>
#include <cerrno>
#include <cstdint>
#include <system_error>

#include "daemon/adapters/system/loop_edge.hpp"

namespace screentime::adapters {
namespace {

int make_timerfd() {
  const int fd = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
  return fd;
}

}  // namespace

DeadlineTimer::DeadlineTimer(boost::asio::io_context& io, std::function<void()> on_expiry)
    : fd_(io, make_timerfd()), on_expiry_(std::move(on_expiry)) {
  wait();
}

void DeadlineTimer::arm(std::optional<core::BootTime> deadline) {
  if (deadline == armed_) return;
  itimerspec spec{};
  if (deadline) {
    const auto since_boot = deadline->time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_boot);
    spec.it_value.tv_sec = seconds.count();
    spec.it_value.tv_nsec =
        std::chrono::duration_cast<std::chrono::nanoseconds>(since_boot - seconds).count();
    // A zero it_value disarms; a deadline at boot time zero is already past anyway.
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  }
  if (timerfd_settime(fd_.native_handle(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "timerfd_settime");
  }
  armed_ = deadline;
}

void DeadlineTimer::wait() {
  fd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                 [this](const boost::system::error_code& error) {
                   if (error) return;  // cancelled: the loop is shutting down
                   std::uint64_t expirations = 0;
                   if (::read(fd_.native_handle(), &expirations, sizeof expirations) > 0) {
                     armed_.reset();
                     at_loop_edge("deadline", on_expiry_);
                   }
                   wait();
                 });
}

}  // namespace screentime::adapters
