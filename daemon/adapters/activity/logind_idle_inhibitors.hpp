#pragma once
// LogindIdleInhibitors: follows logind's "idle" block inhibitors (org.freedesktop.login1(5):
// Inhibit("idle", who, why, "block"), as video players take them) over the system bus. logind
// has no signal per inhibitor; it emits PropertiesChanged for BlockInhibited whenever a block
// inhibitor starts or stops, so each time that holds "idle" the inhibitors are listed again.
// Follows logind restarts (NameOwnerChanged). Loop thread only; no thread or timer of its own.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/idle_inhibitors.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"

namespace screentime::adapters {

class LogindIdleInhibitors {
 public:
  // `on_change` runs on changes only: before the first, there are none.
  // On the daemon's shared system bus `bus`.
  LogindIdleInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change);
  ~LogindIdleInhibitors();
  LogindIdleInhibitors(const LogindIdleInhibitors&) = delete;
  LogindIdleInhibitors& operator=(const LogindIdleInhibitors&) = delete;

  // Connects to the system bus and subscribes; the current inhibitors follow through
  // `on_change`. False, with the reason logged at debug, when there is no system bus or
  // logind is not on it. After the system bus was lost (an empty list is reported and a
  // warning logged) nothing is followed until start() is called again.
  bool start();
  bool following() const { return bus_ != nullptr; }
  const std::vector<IdleInhibitor>& current() const { return reported_; }

 private:
  void subscribe(const std::string& rule, void (LogindIdleInhibitors::*decode)(sd_bus_message&));
  void drop_bus();
  void on_bus_lost(std::string_view why);
  void decode_owner_changed(sd_bus_message& signal);
  void decode_properties_changed(sd_bus_message& signal);
  void read_block_inhibited();
  void on_block_inhibited(const std::string& what);
  void list_inhibitors();
  void on_inhibitor_list(sd_bus_message& reply);
  // False (logged) for an error reply; nothing is logged when the bus is gone.
  bool check_reply(sd_bus_message& reply, const char* what);
  void report(std::vector<IdleInhibitor> inhibitors);

  SharedBus& shared_;
  IdleInhibitorsChanged on_change_;
  SdBusConnection* bus_ = nullptr;  // while following
  SharedBus::LossSubscription loss_;
  std::vector<SdBusSlotPtr> matches_;
  SdBusSlotPtr call_;  // Get(BlockInhibited) or ListInhibitors, while on its way
  bool logind_present_ = false;
  std::vector<IdleInhibitor> reported_;
};

}  // namespace screentime::adapters
