#pragma once
// ServiceInhibitors: what following one service's idle inhibitors over D-Bus takes, whichever
// the service (logind, gnome-session): a place on the daemon's shared bus, the service coming
// and going (NameOwnerChanged; a direct hand-over is a restart too), the loss of the bus, and
// reporting the set on change only, at the edge of a bus callback. A subclass adds the
// service's own signals and reads its inhibitors. Loop thread only; no thread or timer.

#include <systemd/sd-bus.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/idle_inhibitors.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"

namespace screentime::adapters {

class ServiceInhibitors {
 public:
  virtual ~ServiceInhibitors() = default;
  ServiceInhibitors(const ServiceInhibitors&) = delete;
  ServiceInhibitors& operator=(const ServiceInhibitors&) = delete;

  // Connects to the bus (unless connected) and subscribes; the current inhibitors follow
  // through `on_change`. False, logged at debug (most desktops run only some of these
  // services), when there is no bus or the service is not on it. After the bus was lost (an
  // empty list is reported and a warning logged) nothing is followed until another adapter
  // connects to the bus again (logind's session source retries the system bus): then the
  // service is followed again, from when it is on the bus.
  bool start();
  bool following() const { return bus_ != nullptr; }
  const std::vector<IdleInhibitor>& current() const { return reported_; }

 protected:
  struct Service {
    const char* log;   // the log's prefix: "logind"
    const char* name;  // its bus name: "org.freedesktop.login1"
    const char* bus;   // "system bus"
  };

  // `on_change` runs on changes only: before the first, there are none.
  ServiceInhibitors(SharedBus& bus, Service service, IdleInhibitorsChanged on_change);

  // Adds the service's own signal matches (with add_match()).
  virtual void subscribe() = 0;
  // The service is there (at start, or back): reads its inhibitors anew and report()s them.
  virtual void read() = 0;
  // The service or the bus went: drops the calls on their way and what was read.
  virtual void forget() = 0;

  void add_match(const std::string& rule, std::function<void(sd_bus_message&)> on_signal);
  SdBusConnection& bus() { return *bus_; }
  bool present() const { return present_; }
  // Whether `reply` is an error reply; `why` is then its text, or empty when the bus is gone
  // (reported once, as the lost bus).
  bool failed(sd_bus_message& reply, std::string& why) const;
  // Tells `on_change` when `inhibitors` differ from what it was told last.
  void report(std::vector<IdleInhibitor> inhibitors);

  const Service service_;

 private:
  // Connects and subscribes, and reads the inhibitors when the service is there; false when
  // the bus cannot be reached.
  bool attach();
  void drop_bus();
  void on_bus_lost(std::string_view why);
  void follow_again();
  void on_owner(bool present);

  SharedBus& shared_;
  IdleInhibitorsChanged on_change_;
  SdBusConnection* bus_ = nullptr;  // while following
  SharedBus::LossSubscription loss_;
  SharedBus::ConnectedSubscription reconnected_;  // while the bus is lost
  std::vector<SdBusSlotPtr> matches_;
  bool present_ = false;  // the service is on the bus
  std::vector<IdleInhibitor> reported_;
};

}  // namespace screentime::adapters
