#pragma once
// MutterIdleMonitor: the D-Bus client side of org.gnome.Mutter.IdleMonitor on one session bus
// connection: a set of idle watches kept equal to the intervals asked for, the one-shot
// user-active watch, GetIdletime, and the bookkeeping of watch ids, including WatchFired
// arriving before the reply that carries its id (Mutter may send it first). No idle logic: that is
// GnomeIdleSource's. Loop thread only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class MutterIdleMonitor {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void on_idle_watch_fired(core::Duration interval) = 0;
    virtual void on_user_active() = 0;                // the user-active watch fired (and is gone)
    virtual void on_monitor_owner(bool present) = 0;  // NameOwnerChanged; watches lost when gone
    // Every add sent so far was answered (or failed, or timed out).
    virtual void on_adds_answered() {}
  };
  using IdletimeHandler = std::function<void(std::optional<core::Duration> idle)>;

  static constexpr const char* kService = "org.gnome.Mutter.IdleMonitor";
  // Mutter answers at once; a call unanswered this long fails (NoReply), so that a hung
  // compositor is found out by the loop's timerfd, not by waiting.
  static constexpr std::chrono::seconds kCallTimeout{5};

  // Subscribes to WatchFired and the owner's changes (synchronously). Throws
  // std::system_error.
  MutterIdleMonitor(SdBusConnection& bus, Handler& handler);

  // Makes the idle watches exactly `intervals` (sorted): adds the missing, removes the rest.
  void set_idle_watches(const std::vector<core::Duration>& intervals);
  // Adds the user-active watch unless there is one (or one is on its way).
  void add_user_active_watch();
  // Removes the user-active watch; one still on its way fires unnoticed at the next input.
  void drop_user_active_watch();
  // Asks GetIdletime after everything sent so far; nullopt on failure. Replaces an earlier ask.
  void ask_idletime(IdletimeHandler on_answer);
  void cancel_idletime() { asking_idletime_.reset(); }

  // Whether an add is still unanswered.
  bool adding() const;
  // The last add that failed ("" if none), for start-up, and whether it timed out.
  const std::string& error() const { return error_; }
  bool timed_out() const { return timed_out_; }
  // Sends RemoveWatch for every watch (on stop), then forgets them.
  void remove_all();
  // Forgets every watch and pending call (the monitor left: its ids mean nothing now).
  void forget();

 private:
  struct IdleWatch {
    std::uint64_t serial = 0;         // which watch an AddIdleWatch reply is for
    std::optional<std::uint32_t> id;  // Mutter's, once AddIdleWatch answered
    SdBusSlotPtr adding;              // AddIdleWatch on its way
  };

  void add_idle_watch(core::Duration interval, IdleWatch& watch);
  void on_idle_watch_added(std::uint64_t serial, sd_bus_message& reply);
  void on_active_watch_added(sd_bus_message& reply);
  void on_watch_fired(std::uint32_t id);
  void remove_watch(std::uint32_t id);
  void forget_early_fires();
  void answered();

  SdBusConnection& bus_;
  Handler& handler_;
  std::vector<SdBusSlotPtr> matches_;
  std::map<core::Duration, IdleWatch> idle_watches_;  // by interval
  std::map<std::uint64_t, SdBusSlotPtr> retired_;  // adds of dropped intervals: removed once known
  std::optional<std::uint32_t> active_id_;
  SdBusSlotPtr adding_active_;
  SdBusSlotPtr asking_idletime_;
  // WatchFired for ids whose add reply has not landed: kept only while an add is on its way.
  std::set<std::uint32_t> fired_early_;
  std::uint64_t next_serial_ = 1;
  std::string error_;
  bool timed_out_ = false;
};

}  // namespace screentime::adapters
