#pragma once
// LogindIdleInhibitors: follows logind's "idle" block inhibitors (org.freedesktop.login1(5):
// Inhibit("idle", who, why, "block"), as video players take them) over the system bus. logind
// has no signal per inhibitor; it emits PropertiesChanged for BlockInhibited whenever a block
// inhibitor starts or stops, so each time that holds "idle" the inhibitors are listed again.
// Follows logind restarts (ServiceInhibitors). Loop thread only; no thread or timer of its own.

#include <string>
#include <vector>

#include "daemon/adapters/activity/service_inhibitors.hpp"

namespace screentime::adapters {

class LogindIdleInhibitors final : public ServiceInhibitors {
 public:
  // On the daemon's shared system bus `bus`; `on_change` runs on changes only.
  LogindIdleInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change);

 private:
  // ServiceInhibitors
  void subscribe() override;
  void read() override;
  void forget() override { call_.reset(); }

  void decode_properties_changed(sd_bus_message& signal);
  void on_block_inhibited(const std::string& what);
  void list_inhibitors();
  void on_inhibitor_list(sd_bus_message& reply);
  // False (logged) for an error reply; nothing is logged when the bus is gone.
  bool check_reply(sd_bus_message& reply, const char* what);

  SdBusSlotPtr call_;  // Get(BlockInhibited) or ListInhibitors, while on its way
};

}  // namespace screentime::adapters
