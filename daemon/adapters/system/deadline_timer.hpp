#pragma once
// DeadlineTimer: one timerfd on CLOCK_BOOTTIME, armed to the single next deadline the core
// computes, inside the Asio loop. Not an Asio timer: once any Asio timer is armed, Asio's
// reactor wakes every 5 minutes forever (it caps its own timerfd). CLOCK_BOOTTIME so a
// deadline counts suspended time; a deadline that passed during suspend fires at resume.
// Loop thread only.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>
#include <optional>

#include "daemon/core/time.hpp"

namespace screentime::adapters {

class DeadlineTimer {
 public:
  // `on_expiry` runs on the loop thread when the armed deadline is reached.
  DeadlineTimer(boost::asio::io_context& io, std::function<void()> on_expiry);
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

  // Arms the timer to `deadline` (absolute, boot clock), or disarms it with nullopt.
  void arm(std::optional<core::BootTime> deadline);
  std::optional<core::BootTime> armed() const { return armed_; }

 private:
  void wait();

  boost::asio::posix::stream_descriptor fd_;
  std::function<void()> on_expiry_;
  std::optional<core::BootTime> armed_;
};

}  // namespace screentime::adapters
