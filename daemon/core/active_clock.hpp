#pragma once

#include <optional>

#include "daemon/core/time.hpp"

namespace screentime::core {

// ActiveClock: active time (present at the screen) since start, the clock every break timer
// runs on. Away spells and suspends are backdated to when they began, because both are noticed
// late: away after a threshold without input, a suspend nobody announced only when boot time
// has outrun monotonic time. Pure; single-threaded.
class ActiveClock {
 public:
  explicit ActiveClock(const Instant& now);

  // Active time at `now`: it runs while present and stands still while away.
  Duration at(const Instant& now) const;
  // Active time as last settled (equal to at(now) right after settle(now)).
  Duration settled() const { return active_; }
  bool present() const { return present_; }
  // Adds the active time up to `now`.
  void settle(const Instant& now);

  // A suspend not seen before, while present: away from when it began, so it is neither worked
  // nor lost as a break. True when one was found: the caller then calls come_back(now).
  bool notice_sleep(const Instant& now);
  // Away since `since`, noticed at `now`: the time since `since` was counted as worked, so it
  // is taken back, but never before the last change of presence.
  void leave(const Instant& since, const Instant& now);
  // Present again at `now`: how long the user was away.
  Duration come_back(const Instant& now);

 private:
  Duration active_{};  // settled up to settled_at_ while present
  BootTime settled_at_{};
  bool present_ = true;
  BootTime presence_changed_at_{};
  std::optional<BootTime> away_since_;
  Duration suspended_seen_{};  // boot minus monotonic when last looked: growth is a suspend
};

}  // namespace screentime::core
