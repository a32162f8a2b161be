#include "daemon/core/active_clock.hpp"

#include <algorithm>

namespace screentime::core {

ActiveClock::ActiveClock(const Instant& now)
    : settled_at_(now.boot),
      presence_changed_at_(now.boot),
      suspended_seen_(now.suspended_since_boot()) {}

Duration ActiveClock::at(const Instant& now) const {
  if (!present_ || now.boot <= settled_at_) return active_;
  return active_ + (now.boot - settled_at_);
}

void ActiveClock::settle(const Instant& now) {
  active_ = at(now);
  settled_at_ = std::max(settled_at_, now.boot);
}

bool ActiveClock::notice_sleep(const Instant& now) {
  const Duration slept = now.suspended_since_boot() - suspended_seen_;
  suspended_seen_ = now.suspended_since_boot();
  if (slept <= Duration{0} || !present_) return false;  // while away, come_back() counts it all
  const BootTime fell_asleep = std::max(now.boot - slept, settled_at_);
  active_ += fell_asleep - settled_at_;
  settled_at_ = fell_asleep;
  present_ = false;
  away_since_ = fell_asleep;
  presence_changed_at_ = fell_asleep;
  return true;
}

void ActiveClock::leave(const Instant& since, const Instant& now) {
  settle(now);
  const BootTime began = std::clamp(since.boot, presence_changed_at_, now.boot);
  active_ -= now.boot - began;
  present_ = false;
  away_since_ = began;
  presence_changed_at_ = began;
}

Duration ActiveClock::come_back(const Instant& now) {
  const Duration away = away_since_ ? now.boot - *away_since_ : Duration{0};
  present_ = true;
  settled_at_ = now.boot;
  presence_changed_at_ = now.boot;
  away_since_.reset();
  return away;
}

}  // namespace screentime::core
