#pragma once
// LogindSessionSource: follows the user's logind session over the system bus (locked, in
// front or switched away, idle) and suspend (PrepareForSleep, under a "sleep" delay
// inhibitor), and keeps following through logind restarts, logout and login, and a lost bus.
// Loop thread only. It has no thread and no timer of its own (only the sd-bus call timeout
// inside SdBusConnection) and never waits on logind: its answers come through the loop;
// giving up on the first ones, and reconnecting after the bus was lost, wait for the daemon's
// single deadline timer, through next_deadline() and on_deadline().

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/adapters/activity/logind_session_finder.hpp"
#include "daemon/adapters/activity/logind_session_properties.hpp"
#include "daemon/adapters/activity/logind_signals.hpp"
#include "daemon/adapters/activity/logind_sleep_inhibitor.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

struct LogindSessionStatus {
  std::string session_id;
  bool locked = false;  // Lock signal seen (until Unlock) or LockedHint
  bool active = true;   // the session's Active property: false when switched away
  bool idle = false;    // IdleHint
  std::optional<core::WallTime> idle_since;  // from IdleSinceHint (realtime usec), when idle
};

class LogindListener {
 public:
  virtual ~LogindListener() = default;
  // First read and every change.
  virtual void on_session_status(const LogindSessionStatus& status) = 0;
  // PrepareForSleep(true): called BEFORE our delay inhibitor is released.
  virtual void on_before_sleep() = 0;
  // PrepareForSleep(false); a new delay inhibitor is taken.
  virtual void on_after_sleep() = 0;
  // logind gone, session removed, bus lost.
  virtual void on_session_lost(std::string_view why) = 0;
};

class LogindSessionSource : private LogindSignals::Handler {
 public:
  // On the daemon's shared system bus `bus`.
  // `session_id` is $XDG_SESSION_ID as main read it: the session followed first ("" to look
  // for the user's graphical one).
  LogindSessionSource(SharedBus& bus, const core::Clock& clock, LogindListener& listener,
                      std::string session_id);
  ~LogindSessionSource() override;
  LogindSessionSource(const LogindSessionSource&) = delete;
  LogindSessionSource& operator=(const LogindSessionSource&) = delete;

  // Called once with whether the source works (the reason logged when not).
  using Started = std::function<void(bool works)>;

  // Connects to the system bus (unless connected), finds the session (XDG_SESSION_ID, else
  // GetSession("auto"), else the user's graphical sessions) and reads it, without waiting on
  // logind: `started(true)` once read (the first status has reached the listener), `(false)`,
  // with the reason logged, when there is no system bus, logind is not on it, it has no
  // session for us, or it has not answered within 5 s (next_deadline()): the daemon should
  // then use another source, and drop this one. From the loop, or at once.
  void start_async(Started started);
  // The same, waiting for the outcome (start-up only: it runs the bus, not the loop).
  bool start();

  // When on_deadline() has work: giving up on logind's first answers, or reconnecting after
  // the system bus was lost.
  std::optional<core::BootTime> next_deadline() const;
  // Call when the daemon's deadline fires (it does nothing before next_deadline()), then
  // re-arm from next_deadline() as after any event.
  void on_deadline();
  // Called when next_deadline() changes other than inside on_deadline() (starting began or
  // ended, the bus was lost).
  std::function<void()> deadline_changed;

  // A short text for status and logs, e.g. "logind session c1 (x11)".
  std::string describe() const;
  // The session's Type ("x11", "wayland", "tty", ...), once read.
  std::optional<std::string> session_type() const { return properties_.type; }
  // Whether a session is followed right now: read, and not lost since (logind gone, the bus
  // lost, the session removed) until it is found and read again.
  bool following() const { return reported_.has_value(); }
  // Whether our sleep delay inhibitor is held right now (for status, and tests).
  bool holds_sleep_inhibitor() const { return inhibitor_.held(); }

 private:
  // LogindSignals::Handler
  void on_logind_owner_changed(bool running) override;
  void on_prepare_for_sleep(bool sleeping) override;
  void on_session_new(std::string_view id, std::string_view path) override;
  void on_session_removed(std::string_view id, std::string_view path) override;
  void on_session_lock(std::string_view path, bool locked) override;
  void on_session_change(std::string_view path, const LogindSessionChange& change) override;

  void connect();
  // While starting: ends it once logind's answers settle it (as `why_not`, or a read session).
  void check_start(const std::string& why_not = "");
  void finish_start(const std::string& why_not);
  std::string why_not_answered() const;
  void announce_deadline();
  void drop_bus();
  void on_bus_lost(std::string_view why);
  void find_session();
  void on_session_found(std::optional<std::string> path, std::string why_not);
  void read_session();
  void on_session_read(sd_bus_message& reply);
  void apply(const LogindSessionProperties& changes);
  void report();
  void lose_session(const std::string& why);

  SharedBus& bus_;
  const core::Clock& clock_;
  LogindListener& listener_;
  SharedBus::LossSubscription loss_;
  std::string preferred_id_;  // XDG_SESSION_ID, until that session is removed
  // The bus first: what holds calls on it goes before it.
  std::unique_ptr<LogindSignals> signals_;
  LogindSessionFinder finder_;
  LogindSleepInhibitor inhibitor_;
  SdBusSlotPtr read_call_;  // GetAll of the session, while on its way
  bool logind_present_ = false;
  std::string session_path_;  // empty: not following a session
  std::string why_no_session_;
  LogindSessionProperties properties_;
  bool read_done_ = false;    // properties_ holds a full read
  bool lock_signal_ = false;  // Lock seen, and no Unlock (or LockedHint going false) since
  std::optional<LogindSessionStatus> reported_;
  std::optional<core::BootTime> retry_at_;
  core::Duration retry_wait_;
  Started starting_;                        // while start_async() waits for logind
  std::optional<core::BootTime> start_by_;  // when it stops waiting
};

}  // namespace screentime::adapters
