#pragma once
// ScreenSaverWatch: follows one screen saver service's active state on the session bus (its
// ActiveChanged(b) signal, and GetActive whenever the service appears) and reports each
// change. A service that is not there, or leaves, counts as inactive. Loop thread only.

#include <functional>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

class ScreenSaverWatch {
 public:
  struct Service {
    std::string name;       // "org.gnome.ScreenSaver"
    std::string path;       // "/org/gnome/ScreenSaver"
    std::string interface;  // "org.gnome.ScreenSaver"
  };

  // Subscribes (synchronously: two AddMatch round trips) and asks GetActive; `on_change` runs
  // from the loop for every change, starting from "inactive". Throws std::system_error.
  ScreenSaverWatch(SdBusConnection& bus, Service service, std::function<void(bool)> on_change);

  bool active() const { return active_; }

 private:
  void ask();
  void on_answer(sd_bus_message& reply);
  void set(bool active);

  SdBusConnection& bus_;
  Service service_;
  std::function<void(bool)> on_change_;
  std::vector<SdBusSlotPtr> matches_;
  SdBusSlotPtr asking_;  // GetActive on its way
  bool active_ = false;
};

}  // namespace screentime::adapters
