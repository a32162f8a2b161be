#include "daemon/core/usage_tracker.hpp"

namespace screentime::core {
namespace {

bool same_open_interval(const std::optional<Interval>& a, const std::optional<Interval>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->state == b->state && a->start == b->start && a->source == b->source &&
         a->detail == b->detail && a->utc_offset == b->utc_offset;
}

}  // namespace

UsageTracker::UsageTracker(const Clock& clock, std::string boot_id, Duration checkpoint_every,
                           AccountantSettings settings)
    : clock_(clock),
      accountant_(clock, std::move(boot_id), settings),
      schedule_(checkpoint_every) {}

TrackerOutput UsageTracker::start(const std::optional<LastSeen>& previous) {
  return finish(accountant_.start(clock_.now(), previous), true);
}

TrackerOutput UsageTracker::change_state(const Instant& at, ActivityState state,
                                         std::string_view source, std::string_view detail) {
  return finish(accountant_.change_state(at, state, source, detail), false);
}

TrackerOutput UsageTracker::wake_up() {
  const auto due = schedule_.next_due();
  const bool checkpoint_due = due && *due <= clock_.now().boot;
  return finish(accountant_.observe(clock_.now()), checkpoint_due);
}

TrackerOutput UsageTracker::stop() {
  TrackerOutput output = finish(accountant_.stop(clock_.now()), true);
  schedule_.reset();
  return output;
}

TrackerOutput UsageTracker::finish(AccountingStep step, bool force_checkpoint) {
  const Instant now = clock_.now();
  TrackerOutput output{std::move(step.closed), std::nullopt, std::move(step.notes)};
  const auto open = accountant_.open_interval(now);
  if (force_checkpoint || !output.closed.empty() || !same_open_interval(open, checkpointed_)) {
    output.checkpoint = accountant_.last_seen(now);
    checkpointed_ = open;
    schedule_.written(now.boot, accountant_.state());
  }
  return output;
}

}  // namespace screentime::core
