#pragma once
// ActivityArbiter: merges what every activity source says into one state, by fixed rules:
// - asleep wins over everything, then a state a source reports outright (screentime-replay's
//   `state` events; no daemon source does), then locked (the locker is up, the screen saver
//   is active, or another session is in front), then idle, then active;
// - idle comes from the input idle source when there is one (the desktop's IdleHint
//   otherwise), and starts at the last input, not when it was noticed;
// - while something inhibits idle (a playing video, a presentation) the time stays active
//   without input, recorded with the inhibitor as its detail, but only up to `inhibitor_cap`
//   after the last input: a forgotten tab does not make a night "active";
// - input paused for the idle threshold is idle from the last input even before the idle
//   source's report at that threshold arrives: a lock or a suspend that comes at the same
//   moment as that report, or just before it, ends idle time, not active time (idle_before);
// - idle and away after a lock, a suspend, a switch away or the screen saver start no earlier
//   than the moment the screen came back: an unlock without input (fingerprint, face,
//   `loginctl unlock-session`) must not date idle back to the last input before the lock,
//   which would swallow the locked time.
// Pure; loop thread only.

#include <optional>
#include <string>
#include <vector>

#include "daemon/core/session_state.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

struct ArbiterSettings {
  Duration idle_threshold = std::chrono::minutes{5};
  Duration inhibitor_cap = std::chrono::hours{3};
};

struct Inhibitor {
  std::string source;  // "logind", "gnome-session"
  std::string who;
  std::string why;
  friend bool operator==(const Inhibitor&, const Inhibitor&) = default;
};

// Whether the user is at the screen, for break reminders: away as soon as input has paused
// for a break's length (long before the idle threshold), unless an idle inhibitor says
// someone is watching; always away when idle, locked or asleep.
struct Presence {
  bool present = true;
  Instant since;  // away: since the last input, the lock or the suspend
};

struct ArbitratedState {
  StateDecision decision;
  Instant since;  // when this state began: the last input for idle, else the event's moment
};

class ActivityArbiter {
 public:
  explicit ActivityArbiter(ArbiterSettings settings = {}) : settings_(settings) {}
  void set_settings(ArbiterSettings settings) { settings_ = settings; }
  const ArbiterSettings& settings() const { return settings_; }

  // The login session (logind) at `now`; nullopt while no session is known. `idle_since`:
  // when its IdleHint says idle, the moment input stopped (IdleSinceHint).
  void set_session(std::optional<SessionFacts> facts, const Instant& now,
                   std::optional<Instant> idle_since = {});
  // The desktop's screen saver is up (GNOME, freedesktop ScreenSaver): counts as locked.
  void set_screensaver_active(bool active, const Instant& now);
  // The input idle source in use ("x11", "wayland", ...); empty when none is.
  void set_input_source(std::string name);
  // A source that reports the state itself, effective since `since`; nullopt withdraws it.
  // An input pause ends with it, as a source's report ends one.
  void set_reported_state(std::optional<StateDecision> state, const Instant& since);
  // From the input idle source, for the idle threshold only.
  void input_idle_since(const Instant& last_input) { last_input_ = last_input; }
  // From the input idle source at a shorter threshold (a break's length): for presence only.
  void input_paused(const Instant& last_input) {
    if (!input_paused_since_) input_paused_since_ = last_input;
  }
  void input_seen() {
    last_input_.reset();
    input_paused_since_.reset();
  }
  // The idle inhibitors held now; `now` marks when the last one went, since the time it held
  // stays active.
  void set_inhibitors(std::vector<Inhibitor> inhibitors, const Instant& now);

  // The state at `now`, with the moment it began.
  ArbitratedState decide(const Instant& now) const;
  // Idle, with the moment it began, when input alone says so at `now`: the input idle source
  // reported idle, or input has paused for the idle threshold, its report not yet in. For the
  // moment the screen goes out of reach: the time before it was idle, whichever came first.
  std::optional<ArbitratedState> idle_before(const Instant& now) const;
  Presence presence(const Instant& now) const;
  // When decide() will change without any new event (the inhibitor cap running out).
  std::optional<BootTime> next_deadline(const Instant& now) const;

  const std::vector<Inhibitor>& inhibitors() const { return inhibitors_; }
  const std::string& input_source() const { return input_source_; }

 private:
  // No input since `input_stopped` (per the input source or IdleHint).
  ArbitratedState away(const Instant& now, const Instant& input_stopped, std::string source,
                       std::string detail) const;
  // Locked, asleep, switched away or behind the screen saver: nobody can use the screen.
  bool screen_out_of_reach() const;
  void note_screen_back(bool was_out_of_reach, const Instant& now);
  // `away_since`, but no earlier than the screen came back.
  Instant not_before_screen_back(const Instant& away_since) const;

  ArbiterSettings settings_;
  std::optional<SessionFacts> session_;
  bool screensaver_active_ = false;
  std::string input_source_;
  std::optional<Instant> last_input_;          // set while the input source says idle
  std::optional<Instant> hint_idle_since_;     // set while IdleHint says idle
  std::optional<Instant> input_paused_since_;  // set while input paused for a break's length
  std::vector<Inhibitor> inhibitors_;
  std::optional<Instant> inhibitors_released_;  // when the last inhibitor went
  std::optional<Instant> screen_back_;          // the last unlock, wake or switch back
  std::optional<ArbitratedState> reported_;     // set_reported_state()
};

}  // namespace screentime::core
