#include "daemon/core/limit_policy.hpp"

#include <algorithm>

namespace screentime::core {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// While a session stays open over the limit (a lock that did not take), the action is tried
// again after the grace, but never more often than this.
constexpr Duration kMinRepeat = std::chrono::seconds{10};
// Counted days older than this are of no use to a weekly allowance.
constexpr days kKeepDays{8};

Duration at_least_zero(Duration value) { return std::max(value, Duration{0}); }

}  // namespace

std::string_view to_string(LimitReason reason) {
  switch (reason) {
    case LimitReason::daily:
      return "daily";
    case LimitReason::weekly:
      return "weekly";
    case LimitReason::hours:
      return "hours";
  }
  return "daily";
}

LimitPolicy::LimitPolicy(const Clock& clock, UserLimits limits)
    : clock_(clock), limits_(std::move(limits)), last_(clock.now()) {
  standing_ = stand(last_);
}

void LimitPolicy::set_used(LocalDate day, Duration used) {
  used_[day] = used;
  standing_ = stand(last_);
}

void LimitPolicy::set_granted(LocalDate day, Duration granted) {
  granted_[day] = granted;
  standing_ = stand(last_);
}

void LimitPolicy::set_presence(LimitPresence presence) {
  const Instant now = clock_.now();
  count_until(now);
  presence_ = presence;
  if (!presence_.session_open) action_at_.reset();
  evaluate(now);
}

void LimitPolicy::set_limits(UserLimits limits) {
  const Instant now = clock_.now();
  count_until(now);
  limits_ = std::move(limits);
  evaluate(now);
}

void LimitPolicy::grant(Duration extra) {
  const Instant now = clock_.now();
  count_until(now);
  granted_[day_of(now.wall)] += extra;
  evaluate(now);
}

void LimitPolicy::on_deadline() {
  const Instant now = clock_.now();
  count_until(now);
  evaluate(now);
}

std::vector<LimitNotice> LimitPolicy::drain() { return std::exchange(notices_, {}); }

bool LimitPolicy::counting() const {
  return presence_.session_open && (!presence_.idle || limits_.count_idle);
}

LocalDate LimitPolicy::day_of(WallTime at) const {
  return attributed_day(at, clock_.utc_offset(at), DayStart{0});
}

// Counted on the boot clock: a wall clock set back or forward neither adds nor removes time.
// The time since the last count belongs to the day it began in; a deadline at each midnight
// keeps counted stretches from crossing one.
void LimitPolicy::count_until(const Instant& now) {
  if (counting() && now.boot > last_.boot) used_[day_of(last_.wall)] += now.boot - last_.boot;
  last_ = now;
  const LocalDate oldest{sys_days{day_of(now.wall)} - kKeepDays};
  std::erase_if(used_, [&](const auto& entry) { return entry.first < oldest; });
  std::erase_if(granted_, [&](const auto& entry) { return entry.first < oldest; });
}

LimitStanding LimitPolicy::stand(const Instant& now) const {
  LimitStanding standing;
  standing.day = day_of(now.wall);
  const sys_days today{standing.day};
  const auto amount = [](const std::map<LocalDate, Duration>& per_day, sys_days day) {
    const auto found = per_day.find(LocalDate{day});
    return found == per_day.end() ? Duration{0} : found->second;
  };
  // Counted since the last event and not yet added (nothing when called after count_until).
  auto used = used_;
  if (counting() && now.boot > last_.boot) used[day_of(last_.wall)] += now.boot - last_.boot;
  standing.used_today = amount(used, today);
  standing.granted_today = amount(granted_, today);
  const DayLimits& rules = limits_.days[weekday_index(today)];
  if (rules.daily) standing.daily = *rules.daily + standing.granted_today;
  const sys_days monday = today - days{weekday_index(today)};
  Duration granted_week{0};
  for (sys_days day = monday; day < monday + days{7}; day += days{1}) {
    standing.used_week += amount(used, day);
    granted_week += amount(granted_, day);
  }
  if (limits_.weekly) standing.weekly = *limits_.weekly + granted_week;
  standing.hours =
      hours_standing(limits_, now.wall, [this](WallTime at) { return clock_.utc_offset(at); });

  const auto consider = [&standing](Duration left, LimitReason reason) {
    if (!standing.left || left < *standing.left) {
      standing.left = at_least_zero(left);
      standing.binding = reason;
    }
  };
  if (standing.daily) consider(*standing.daily - standing.used_today, LimitReason::daily);
  if (standing.weekly) consider(*standing.weekly - standing.used_week, LimitReason::weekly);
  if (!standing.hours.allowed) {
    consider(Duration{0}, LimitReason::hours);
  } else if (standing.hours.changes_at) {
    consider(*standing.hours.changes_at - now.wall, LimitReason::hours);
  }
  standing.over = standing.left && *standing.left <= Duration{0};
  return standing;
}

void LimitPolicy::evaluate(const Instant& now) {
  standing_ = stand(now);
  if (!standing_.over) {
    if (reached_said_) notices_.push_back({LimitNotice::Kind::allowed_again, {}, {}, {}, now.wall});
    reached_said_ = false;
    notified_ = false;
    action_at_.reset();
    if (!standing_.left) {
      warned_.clear();
      return;
    }
    // Time added since a warning: that warning may come again.
    std::erase_if(warned_, [this](Duration threshold) { return threshold < *standing_.left; });
    return warn(now, *standing_.left);
  }
  if (!presence_.session_open) return;  // said and done when a session opens
  if (!reached_said_) {
    notices_.push_back(
        {LimitNotice::Kind::reached, limits_.grace, standing_.binding, limits_.action, now.wall});
    reached_said_ = true;
    warned_.insert(limits_.warnings.begin(), limits_.warnings.end());
  }
  enforce_if_due(now);
}

// One warning however many thresholds were crossed at once (a session that opens with 3
// minutes left hears "3 minutes", not "15", "5" and "3").
void LimitPolicy::warn(const Instant& now, Duration left) {
  if (!presence_.session_open) return;  // kept for when someone is there to see it
  bool crossed = false;
  for (const Duration threshold : limits_.warnings) {
    if (left <= threshold && !warned_.contains(threshold)) {
      crossed = true;
      warned_.insert(threshold);
    }
  }
  if (crossed) {
    notices_.push_back(
        {LimitNotice::Kind::warning, left, standing_.binding, limits_.action, now.wall});
  }
}

void LimitPolicy::enforce_if_due(const Instant& now) {
  if (limits_.action == LimitAction::notify && notified_) return;
  if (!action_at_) action_at_ = now.boot + limits_.grace;
  if (now.boot < *action_at_) return;
  notices_.push_back({LimitNotice::Kind::enforce, {}, standing_.binding, limits_.action, now.wall});
  notified_ = true;
  action_at_.reset();
  if (limits_.action != LimitAction::notify) {
    action_at_ = now.boot + std::max(limits_.grace, kMinRepeat);
  }
}

std::optional<BootTime> LimitPolicy::boot_of(WallTime target) const {
  if (target <= last_.wall) return std::nullopt;
  return last_.boot + (target - last_.wall);
}

std::optional<BootTime> LimitPolicy::next_deadline() const {
  std::optional<BootTime> earliest;
  const auto consider = [&earliest, this](std::optional<BootTime> at) {
    if (at && *at > last_.boot && (!earliest || *at < *earliest)) earliest = at;
  };
  consider(action_at_);
  const bool any_daily = std::any_of(limits_.days.begin(), limits_.days.end(),
                                     [](const DayLimits& day) { return day.daily.has_value(); });
  if (any_daily || limits_.weekly) {
    // A new day brings a new allowance (and, on Monday, a new week).
    const LocalDate tomorrow{sys_days{standing_.day} + days{1}};
    consider(boot_of(local_day_begins(tomorrow, DayStart{0},
                                      [this](WallTime at) { return clock_.utc_offset(at); })));
  }
  const auto ending_at = [&](BootTime end) {
    consider(end);
    for (const Duration threshold : limits_.warnings) {
      if (!warned_.contains(threshold)) consider(end - threshold);
    }
  };
  if (counting()) {
    std::optional<Duration> counted_left;
    if (standing_.daily) counted_left = *standing_.daily - standing_.used_today;
    if (standing_.weekly) {
      const Duration weekly_left = *standing_.weekly - standing_.used_week;
      counted_left = counted_left ? std::min(*counted_left, weekly_left) : weekly_left;
    }
    if (counted_left && *counted_left > Duration{0}) ending_at(last_.boot + *counted_left);
  }
  if (standing_.hours.changes_at) {
    if (const auto change = boot_of(*standing_.hours.changes_at)) {
      if (standing_.hours.allowed) {
        ending_at(*change);
      } else {
        consider(change);
      }
    }
  }
  return earliest;
}

}  // namespace screentime::core
