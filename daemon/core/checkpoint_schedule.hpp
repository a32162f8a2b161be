#pragma once
// CheckpointSchedule: when the open interval must next be written down. Only active time
// is at risk in a crash (idle, locked and asleep end in a state change that is written at
// once), so only while active is a checkpoint ever due; otherwise nothing wakes the daemon.

#include <optional>

#include "daemon/core/activity.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

class CheckpointSchedule {
 public:
  explicit CheckpointSchedule(Duration every_while_active) : every_(every_while_active) {}

  void set_interval(Duration every_while_active) { every_ = every_while_active; }
  Duration interval() const { return every_; }

  // A checkpoint was written at `at` while the user was in `state`.
  void written(BootTime at, ActivityState state);
  // Forget the last checkpoint (the daemon stopped).
  void reset() { due_.reset(); }

  std::optional<BootTime> next_due() const { return due_; }

 private:
  Duration every_;
  std::optional<BootTime> due_;
};

}  // namespace screentime::core
