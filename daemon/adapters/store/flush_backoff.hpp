#pragma once
// How long to wait before the next flush() after a failed one: 1 s, doubling on each failure in
// a row, at most 5 min; a successful flush starts over. Loop thread only.

#include <algorithm>

#include "daemon/core/time.hpp"

namespace screentime::adapters {

class FlushBackoff {
 public:
  static constexpr core::Duration kFirst = std::chrono::seconds(1);
  // Long enough that a full or read-only disk costs a few wakeups an hour, short enough that
  // a fixed problem is noticed before much is queued.
  static constexpr core::Duration kMax = std::chrono::minutes(5);

  // The wait after one more failure in a row.
  core::Duration after_failure() {
    core::Duration wait = next_;
    next_ = std::min(next_ * 2, kMax);
    return wait;
  }

  void after_success() { next_ = kFirst; }

 private:
  core::Duration next_ = kFirst;
};

}  // namespace screentime::adapters
