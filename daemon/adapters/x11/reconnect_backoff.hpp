#pragma once
// ReconnectBackoff: when to connect to the X server again after the connection broke: 1 s,
// doubling, at most a minute. A restarted server is back within a second or two; one that
// stays away usually means the session ended, and the daemon is stopped with it. It only
// keeps the time: the owner's next_deadline() hands it to the daemon's single timer.

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

#include "daemon/core/time.hpp"

namespace screentime::adapters {

class ReconnectBackoff {
 public:
  static constexpr core::Duration kFirst = std::chrono::seconds{1};
  static constexpr core::Duration kMax = std::chrono::minutes{1};

  // The next attempt is due this long after `now`; returns the wait as text ("2 s").
  std::string schedule(core::BootTime now) {
    at_ = now + wait_;
    const std::string text =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait_).count()) + " s";
    wait_ = std::min(wait_ * 2, kMax);
    return text;
  }
  // Whether an attempt is due at `now`; if so, it is taken off the schedule.
  bool take_due(core::BootTime now) {
    if (!at_ || now < *at_) return false;
    at_.reset();
    return true;
  }
  void connected() { wait_ = kFirst; }

  std::optional<core::BootTime> at() const { return at_; }

 private:
  std::optional<core::BootTime> at_;
  core::Duration wait_ = kFirst;
};

}  // namespace screentime::adapters
