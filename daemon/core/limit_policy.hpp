#pragma once
// LimitPolicy: one user's limits applied to their time. It counts the time that counts (an
// active, unlocked session; idle time only when the parent says so) on the boot clock, by
// local day, and says what follows: warnings before the end, the end itself (the daily or
// weekly allowance used up, or the allowed hours over), and, after the grace, the action,
// again after each grace while a session stays open over the limit. Nothing the user's own
// processes report can give time back: only a new day, a new week, a grant or new limits do.
// Pure: time comes from the Clock; the owner calls on_deadline() at next_deadline().

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "daemon/core/allowed_hours.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/limits.hpp"

namespace screentime::core {

// What the user's sessions look like now, all of them together.
struct LimitPresence {
  bool session_open = false;  // an active, unlocked session that counts
  bool idle = false;          // ... in which the user is idle

  friend bool operator==(const LimitPresence&, const LimitPresence&) = default;
};

// Which limit ends the time.
enum class LimitReason { daily, weekly, hours };
std::string_view to_string(LimitReason reason);

struct LimitNotice {
  enum class Kind {
    warning,        // `left` remains before `reason` ends the time and `action` follows
    reached,        // the time is up (`reason`); `action` follows after the grace, `left`
    enforce,        // run `action` now
    allowed_again,  // time is available again (a new day, a grant, new limits, allowed hours)
  };
  Kind kind = Kind::warning;
  Duration left{0};
  LimitReason reason = LimitReason::daily;
  LimitAction action = LimitAction::lock;
  WallTime at{};

  friend bool operator==(const LimitNotice&, const LimitNotice&) = default;
};

// Where the user stands now, for status and the commands.
struct LimitStanding {
  LocalDate day{};
  std::optional<Duration> daily;  // today's allowance with today's grants
  Duration used_today{0};
  Duration granted_today{0};
  std::optional<Duration> weekly;  // this week's allowance with this week's grants
  Duration used_week{0};
  HoursStanding hours;
  std::optional<Duration> left;  // none: no limit ends the time within the coming week
  LimitReason binding = LimitReason::daily;
  bool over = false;  // the time is up
};

class LimitPolicy {
 public:
  LimitPolicy(const Clock& clock, UserLimits limits);

  // Counted time already recorded for `day` (at start, from the history).
  void set_used(LocalDate day, Duration used);
  // Extra time granted for `day`, as recorded (at start, from the history).
  void set_granted(LocalDate day, Duration granted);

  void set_presence(LimitPresence presence);
  void set_limits(UserLimits limits);
  // Extra time for today (and this week).
  void grant(Duration extra);
  // The deadline came, or the wall clock or the zone changed: brings everything up to now.
  void on_deadline();

  std::optional<BootTime> next_deadline() const;
  // Where the user stands now, the time counted since the last event included.
  LimitStanding standing() const { return stand(clock_.now()); }
  std::vector<LimitNotice> drain();

  const UserLimits& limits() const { return limits_; }
  // Whether the time counts now: a session open, idle only when the parent says so.
  bool counting() const;

 private:
  void count_until(const Instant& now);
  void evaluate(const Instant& now);
  void warn(const Instant& now, Duration left);
  void enforce_if_due(const Instant& now);
  LimitStanding stand(const Instant& now) const;
  LocalDate day_of(WallTime at) const;
  std::optional<BootTime> boot_of(WallTime target) const;

  const Clock& clock_;
  UserLimits limits_;
  LimitPresence presence_;
  Instant last_;  // when the time was last counted
  std::map<LocalDate, Duration> used_;
  std::map<LocalDate, Duration> granted_;
  LimitStanding standing_;
  std::set<Duration> warned_;  // thresholds already warned of, until time is added
  bool reached_said_ = false;
  std::optional<BootTime> action_at_;  // over the limit with a session open: the grace ends
  bool notified_ = false;              // action "notify" runs once per time up
  std::vector<LimitNotice> notices_;
};

}  // namespace screentime::core
