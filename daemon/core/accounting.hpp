#pragma once
// Accountant: turns one user's timestamped state changes into closed intervals.
//
// Rules (each unit-tested with FakeClock):
// - Durations come from the boot clock only. An interval is anchored at its start wall time;
//   a wall-clock jump ends it and the next one starts at the new wall time, so no jump adds
//   or removes time.
// - A growth of (boot - monotonic) between two events means the machine slept: that time is
//   "asleep" even if no PrepareForSleep was seen.
// - The open interval always carries the UTC offset in force; it is split where the offset
//   changes (DST) and when the time zone changes.
// - While the daemon is down the gap is "unknown", never guessed; only after a crash, and only
//   with `crash_gap_kept`, its first part goes on in the state the last checkpoint recorded.
// - An event older than the open interval's start is clamped to it; no duration is negative
//   and zero-length intervals are not emitted.
//
// One object per user; used from the daemon's loop thread only. Never throws, never does I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/clock.hpp"
#include "daemon/core/interval.hpp"

namespace screentime::core {

// A decision worth reporting (screentime-replay prints them; the daemon logs them at debug).
struct AccountingNote {
  enum class Kind {
    event_clamped,      // the event was older than the open interval: moved to its start
    sleep_detected,     // boot - monotonic grew by `amount` with no announced sleep
    wall_clock_jumped,  // the wall clock moved by `amount` against the boot clock
    utc_offset_changed  // DST or a zone change: the open interval was split
  };
  Kind kind{};
  Duration amount{};
};

std::string_view to_string(AccountingNote::Kind kind);

struct AccountingStep {
  std::vector<Interval> closed;
  std::vector<AccountingNote> notes;
};

struct AccountantSettings {
  // Readings of two clocks are never taken at exactly the same instant, and NTP slews the
  // wall clock: differences below these are noise, not suspend or a jump.
  Duration sleep_tolerance{std::chrono::seconds{2}};
  Duration wall_jump_tolerance{std::chrono::seconds{2}};
  // After a crash, the state of the checkpointed open interval goes on for at most this long
  // into the gap before "unknown" begins. The crash came before the next checkpoint was due,
  // so that state lasted up to one checkpoint interval past the checkpoint: the system role
  // keeps that much, so that a crash never gives a limited user time back. Zero (the user
  // role) records the whole gap as "unknown": history says only what was seen.
  Duration crash_gap_kept{0};
};

inline constexpr std::string_view kDaemonSource = "daemon";

class Accountant {
 public:
  Accountant(const Clock& clock, std::string boot_id, AccountantSettings settings = {});

  // The daemon starts: closes what the previous run left behind (its checkpointed open
  // interval, then the time it was not running as "unknown") and opens "unknown" until a
  // source reports.
  AccountingStep start(const Instant& now, const std::optional<LastSeen>& previous);

  // A source reports a state, effective at `at` (which may lie in the past, e.g. "idle
  // since the last input").
  AccountingStep change_state(const Instant& at, ActivityState state, std::string_view source,
                              std::string_view detail = {});

  // Nothing changed, but time passed: a deadline, a resume, a clock or zone change. Finds
  // unannounced sleep, wall-clock jumps and offset changes.
  AccountingStep observe(const Instant& now);

  // A clean stop: closes the open interval.
  AccountingStep stop(const Instant& now);

  bool running() const { return open_.has_value(); }
  ActivityState state() const { return open_ ? open_->state : ActivityState::unknown; }
  // The open interval as it stands at `now` (for checkpoints and live totals).
  std::optional<Interval> open_interval(const Instant& now) const;
  // What to persist now so that a crash loses at most the time since this call.
  LastSeen last_seen(const Instant& now) const;

 private:
  struct Open {
    ActivityState state;
    std::string source;
    std::string detail;
    WallTime start_wall;
    BootTime start_boot;
    UtcOffset utc_offset;
  };

  Instant clamp(const Instant& at, AccountingStep& step) const;
  void catch_up(const Instant& at, AccountingStep& step);
  // Closes the open interval at `end` and returns where it ended on the wall clock.
  WallTime close_open(BootTime end, AccountingStep& step);
  // Opens an interval at wall time `wall` and boot time `boot`.
  void open(WallTime wall, BootTime boot, ActivityState state, std::string_view source,
            std::string_view detail);
  // Where an interval that follows one ending at `end` begins: exactly there when the wall
  // clock at `at` agrees to within noise (the two clocks are read apart and round apart), so
  // stored intervals meet without a millisecond of overlap or gap; at the wall clock when it
  // does not (a jump, which catch_up says apart).
  WallTime continued(WallTime end, const Instant& at) const;
  void emit_split_at_offset_changes(Interval interval, AccountingStep& step) const;

  const Clock& clock_;
  std::string boot_id_;
  AccountantSettings settings_;
  std::optional<Open> open_;
  Instant last_{};
};

}  // namespace screentime::core
