#pragma once
// DoNotDisturbWatch: follows the notification server's own "do not disturb" on the session bus,
// so that reminders wait while it is on. Whoever owns org.freedesktop.Notifications is asked
// for dunst's `paused` (org.dunstproject.cmd0) or else KDE Plasma's `Inhibited`
// (org.freedesktop.Notifications), at start and whenever the name's owner changes; after that
// PropertiesChanged reports every change, so nothing is polled. No server, or one that has
// neither property, counts as "off". Loop thread only.

#include <systemd/sd-bus.h>

#include <functional>
#include <string_view>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

class DoNotDisturbWatch {
 public:
  // Subscribes (synchronously: two AddMatch round trips) and asks the server; the answer comes
  // through the loop. `on_change` runs from the loop for every change, starting from "off".
  // Throws std::system_error.
  DoNotDisturbWatch(SdBusConnection& bus, std::function<void(bool on)> on_change);

  bool on() const { return on_; }
  // What it follows now: "dunst paused", "KDE Inhibited", or "cannot read the notification
  // server's do-not-disturb" (also while the first answer is on its way).
  std::string_view describe() const;

 private:
  enum class Reader { none, dunst, kde };

  void ask(Reader reader);
  void on_answer(Reader reader, sd_bus_message& reply);
  void on_properties_changed(sd_bus_message& signal);
  void cannot_read(std::string_view why);
  void follow(Reader reader, bool on);
  void set(bool on);

  SdBusConnection& bus_;
  std::function<void(bool)> on_change_;
  std::vector<SdBusSlotPtr> matches_;
  SdBusSlotPtr asking_;  // Get on its way
  Reader reader_ = Reader::none;
  Reader logged_ = Reader::none;  // what the log said last, so it says each change once
  bool said_cannot_read_ = false;
  bool on_ = false;
};

}  // namespace screentime::adapters
