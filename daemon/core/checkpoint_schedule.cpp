#include "daemon/core/checkpoint_schedule.hpp"

namespace screentime::core {

void CheckpointSchedule::written(BootTime at, ActivityState state) {
  if (state == ActivityState::active && every_ > Duration::zero()) {
    due_ = at + every_;
  } else {
    due_.reset();
  }
}

}  // namespace screentime::core
