#pragma once
// WallClockWatch: tells when someone sets the wall clock, as an event: a CLOCK_REALTIME
// timerfd armed far in the future with TFD_TIMER_CANCEL_ON_SET is cancelled by the kernel on
// every discontinuous change. Nothing is polled. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>

namespace screentime::adapters {

class WallClockWatch {
 public:
  WallClockWatch(boost::asio::io_context& io, std::function<void()> on_change);

 private:
  void arm();
  void wait();

  boost::asio::posix::stream_descriptor fd_;
  std::function<void()> on_change_;
};

}  // namespace screentime::adapters
