#pragma once
// LogindSignals: subscriptions on the system bus to what screentime follows of logind
// (logind coming and going, PrepareForSleep, sessions appearing and going, every session's
// Lock/Unlock and property changes), decoded and passed to a Handler. Loop thread only.

#include <memory>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/logind_session_properties.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

class LogindSignals {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void on_logind_owner_changed(bool running) = 0;  // NameOwnerChanged
    virtual void on_prepare_for_sleep(bool sleeping) = 0;
    virtual void on_session_new(std::string_view id, std::string_view path) = 0;
    virtual void on_session_removed(std::string_view id, std::string_view path) = 0;
    virtual void on_session_lock(std::string_view path, bool locked) = 0;  // Lock, Unlock
    virtual void on_session_change(std::string_view path, const LogindSessionChange& change) = 0;
  };

  // Subscribes on `bus` (synchronously: a few AddMatch round trips to the bus daemon).
  // Throws std::system_error. Drop it before the connection goes.
  LogindSignals(SdBusConnection& bus, Handler& handler);

  SdBusConnection& bus() { return bus_; }
  // Whether logind is on the bus now (synchronously: NameHasOwner). Signals from before the
  // answer are not lost: the subscriptions came first. Throws std::runtime_error.
  bool logind_running();

 private:
  void subscribe(const std::string& rule, void (LogindSignals::*decode)(sd_bus_message&));
  void decode_prepare_for_sleep(sd_bus_message& signal);
  void decode_session_new(sd_bus_message& signal);
  void decode_session_removed(sd_bus_message& signal);
  void decode_session_signal(sd_bus_message& signal);
  void decode_properties_changed(sd_bus_message& signal);

  Handler& handler_;
  SdBusConnection& bus_;
  std::vector<SdBusSlotPtr> matches_;
};

}  // namespace screentime::adapters
