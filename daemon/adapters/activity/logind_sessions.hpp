#pragma once
// LogindSessions: follows every login session on the machine through logind (for the system
// role, which enforces limits across all of them) and reports them whole, as core sessions,
// after every change. Nothing here waits for logind: the listing and each session's
// properties are asked for asynchronously, so a logind that does not answer costs no wait.
// It follows logind through restarts and a lost system bus; like LogindSessionSource it has no
// timer of its own: retrying waits for the daemon's single deadline timer, through
// next_deadline() and on_deadline(). Loop thread only.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/logind_manager_actions.hpp"
#include "daemon/adapters/activity/logind_session_properties.hpp"
#include "daemon/adapters/activity/logind_session_table.hpp"
#include "daemon/adapters/activity/logind_signals.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/login_sessions.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class LogindSessionsListener {
 public:
  virtual ~LogindSessionsListener() = default;
  // Every session, once the first full picture is in, and again after every change to it.
  virtual void on_sessions(const std::vector<core::LoginSession>& sessions) = 0;
  // PrepareForSleep(true) before the machine sleeps, (false) after it woke.
  virtual void on_prepare_for_sleep(bool sleeping) = 0;
  // logind left the bus, or the bus was lost: the sessions last reported are unknown until
  // the next on_sessions().
  virtual void on_logind_lost(std::string_view why) = 0;
};

class LogindSessions : private LogindSignals::Handler {
 public:
  using ActionDone = LogindManagerActions::Done;

  // On the daemon's shared system bus `bus`.
  LogindSessions(SharedBus& bus, const core::Clock& clock, LogindSessionsListener& listener);
  ~LogindSessions() override;
  LogindSessions(const LogindSessions&) = delete;
  LogindSessions& operator=(const LogindSessions&) = delete;

  // Subscribes to logind's signals (a few AddMatch round trips to the bus daemon, not to
  // logind), then asks logind for its sessions and returns: the listener hears on_sessions()
  // once every answer is in. False, logged, when the system bus cannot be reached;
  // next_deadline() then says when it tries again.
  bool start();

  // When on_deadline() has work: reconnecting to a lost bus, or asking again after logind did
  // not answer.
  std::optional<core::BootTime> next_deadline() const { return retry_at_; }
  // Call when the daemon's deadline fires (it does nothing before next_deadline()), then
  // re-arm from next_deadline() as after any event.
  void on_deadline();
  // Called when next_deadline() changes other than inside on_deadline().
  std::function<void()> deadline_changed;

  // Manager.LockSession, Manager.TerminateSession, Manager.Suspend(false), sent without
  // waiting: false, logged, when they cannot be sent; else `done` hears how it went.
  bool lock_session(const std::string& id, ActionDone done = {});
  bool terminate_session(const std::string& id, ActionDone done = {});
  bool suspend(ActionDone done = {});

  // A short text for status and logs, e.g. "logind: 3 sessions of 2 users".
  std::string describe() const;

 private:
  enum class Presence { kUnknown, kPresent, kAbsent };

  // LogindSignals::Handler
  void on_logind_owner_changed(bool running) override;
  void on_prepare_for_sleep(bool sleeping) override;
  void on_session_new(std::string_view id, std::string_view path) override;
  void on_session_removed(std::string_view id, std::string_view path) override;
  void on_session_lock(std::string_view path, bool locked) override;
  void on_session_change(std::string_view path, const LogindSessionChange& change) override;

  void connect();
  void drop_bus();
  void on_bus_lost(std::string_view why);
  void reconnect_later(const std::string& why);
  void retry_later(const std::string& why);
  void set_retry(std::optional<core::BootTime> at);
  void list_sessions();
  void on_session_list(sd_bus_message& reply);
  void follow(const std::string& path);
  void read_session(const std::string& path);
  void on_session_read(const std::string& path, sd_bus_message& reply);
  void forget_sessions();
  void report();
  void lose(const std::string& why);
  SdBusConnection* connection_for(const std::string& what) const;

  SharedBus& bus_;
  const core::Clock& clock_;
  LogindSessionsListener& listener_;
  SharedBus::LossSubscription loss_;
  // The bus first: what holds calls on it goes before it.
  std::unique_ptr<LogindSignals> signals_;
  LogindManagerActions actions_;
  SdBusSlotPtr list_call_;  // ListSessions, while on its way
  bool listed_ = false;     // the listing is in: sessions_ holds every session
  LogindSessionTable sessions_;
  std::map<std::string, SdBusSlotPtr> reads_;  // GetAll of a session, by path, while on its way
  Presence logind_ = Presence::kUnknown;
  std::optional<std::vector<core::LoginSession>> reported_;
  std::optional<core::BootTime> retry_at_;
  core::Duration retry_wait_;
  bool in_deadline_ = false;
};

}  // namespace screentime::adapters
