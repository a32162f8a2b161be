#pragma once
// UsageTracker: one user's accounting plus what of it must be written down, and when. The
// daemon writes its output to the store; screentime-replay prints it. Both drive it the same
// way, so a replayed timeline shows exactly what the daemon would have recorded.
//
// A checkpoint (the open interval so far) is due after every change of the open interval,
// and, while active, every `checkpoint_every`; nothing else is ever due, so an idle, locked
// or sleeping user costs no wakeups. Loop thread only; no I/O.

#include <optional>
#include <string>
#include <vector>

#include "daemon/core/accounting.hpp"
#include "daemon/core/checkpoint_schedule.hpp"

namespace screentime::core {

struct TrackerOutput {
  std::vector<Interval> closed;        // append these to history, in order
  std::optional<LastSeen> checkpoint;  // then save this as the user's last-seen record
  std::vector<AccountingNote> notes;
};

class UsageTracker {
 public:
  UsageTracker(const Clock& clock, std::string boot_id, Duration checkpoint_every,
               AccountantSettings settings = {});

  TrackerOutput start(const std::optional<LastSeen>& previous);
  TrackerOutput change_state(const Instant& at, ActivityState state, std::string_view source,
                             std::string_view detail = {});
  // The deadline from next_deadline() has come (or anything else woke the daemon, such as a
  // resume or a wall-clock or zone change): catch up and write a checkpoint if one is due.
  TrackerOutput wake_up();
  TrackerOutput stop();

  std::optional<BootTime> next_deadline() const { return schedule_.next_due(); }
  void set_checkpoint_interval(Duration every) { schedule_.set_interval(every); }

  const Accountant& accountant() const { return accountant_; }
  const Clock& clock() const { return clock_; }

 private:
  TrackerOutput finish(AccountingStep step, bool force_checkpoint);

  const Clock& clock_;
  Accountant accountant_;
  CheckpointSchedule schedule_;
  std::optional<Interval> checkpointed_;  // the open interval as last written, duration aside
};

}  // namespace screentime::core
