#pragma once

#include <optional>

#include "daemon/core/breaks.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

// BreakTaking: the break the user chose to take, from "take" until it is confirmed (away for
// its length), cut short (back earlier) or found never started. Pure; single-threaded.
class BreakTaking {
 public:
  // After "take", how long the user may still be seen at the screen before the break counts
  // as never started: leaving takes a moment, and away is noticed only after the shortest
  // break's length without input.
  static constexpr Duration kLeaveGrace = std::chrono::seconds{30};

  void start(ReminderKind kind, const Instant& now, Duration length) {
    taking_ = Taking{kind, now.boot, now.wall + length};
    hidden_ = false;  // a notice closed before this break (one left over) does not hide it
  }
  void end() {
    taking_.reset();
    hidden_ = false;
  }
  bool active() const { return taking_.has_value(); }
  ReminderKind kind() const { return taking_->kind; }
  WallTime back_at() const { return taking_->back_at; }
  // The user closed the "on a break" notice: the break goes on, unseen.
  void hide() { hidden_ = true; }
  bool hidden() const { return hidden_; }

  // Away `away` from `left_at`: the break counts when the user left after choosing it (give
  // or take the grace) and stayed away its `length`.
  bool confirmed(BootTime left_at, Duration away, Duration length) const {
    return left_at >= taking_->chosen_at - kLeaveGrace && away >= length;
  }
  // Still present by then, the user never left for a break of `length`.
  BootTime never_left_at(Duration length) const {
    return taking_->chosen_at + 2 * length + kLeaveGrace;
  }

 private:
  struct Taking {
    ReminderKind kind = ReminderKind::eye;
    BootTime chosen_at{};
    WallTime back_at{};
  };
  std::optional<Taking> taking_;
  bool hidden_ = false;
};

}  // namespace screentime::core
