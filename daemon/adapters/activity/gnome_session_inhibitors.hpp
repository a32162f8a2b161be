#pragma once
// GnomeSessionInhibitors: follows the inhibitors of GNOME's session manager
// (org.gnome.SessionManager on the session bus) that keep the session from being marked idle
// (flag 8, "Inhibit the session being marked as idle": what GNOME video players and
// presentations take). GetInhibitors at start and whenever gnome-session comes back
// (NameOwnerChanged); InhibitorAdded/InhibitorRemoved after that. Each inhibitor object is read
// once (GetFlags, GetAppId, GetReason): gnome-session never changes them. Loop thread only; no
// thread or timer of its own.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/idle_inhibitors.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"

namespace screentime::adapters {

class GnomeSessionInhibitors {
 public:
  // `on_change` runs on changes only: before the first, there are none.
  // On the daemon's shared session bus `bus`.
  GnomeSessionInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change);
  ~GnomeSessionInhibitors();
  GnomeSessionInhibitors(const GnomeSessionInhibitors&) = delete;
  GnomeSessionInhibitors& operator=(const GnomeSessionInhibitors&) = delete;

  // Connects to the session bus and subscribes; the current inhibitors follow through
  // `on_change`. False, logged at debug (most desktops are not GNOME), when there is no
  // session bus or org.gnome.SessionManager is not on it. After the session bus was lost (an
  // empty list is reported and a warning logged) nothing is followed until start() again.
  bool start();
  bool following() const { return bus_ != nullptr; }
  const std::vector<IdleInhibitor>& current() const { return reported_; }

 private:
  enum Field : std::size_t { kFlags, kAppId, kReason, kFieldCount };
  // One inhibitor object, read or being read.
  struct Inhibitor {
    std::string path;
    std::optional<std::uint32_t> flags;
    std::optional<std::string> app_id;
    std::optional<std::string> reason;
    SdBusSlotPtr calls[kFieldCount];  // the reads still on their way
  };

  void subscribe(const std::string& rule, void (GnomeSessionInhibitors::*decode)(sd_bus_message&));
  void drop_bus();
  void on_bus_lost(std::string_view why);
  void decode_owner_changed(sd_bus_message& signal);
  void decode_inhibitor_added(sd_bus_message& signal);
  void decode_inhibitor_removed(sd_bus_message& signal);
  void list_inhibitors();
  void on_inhibitor_list(sd_bus_message& reply);
  void add(const std::string& path);
  void read_field(Inhibitor& inhibitor, Field field);
  void on_field(const std::string& path, Field field, sd_bus_message& reply);
  Inhibitor* find(std::string_view path);
  void forget(std::string_view path);
  void update();

  SharedBus& shared_;
  IdleInhibitorsChanged on_change_;
  SdBusConnection* bus_ = nullptr;  // while following
  SharedBus::LossSubscription loss_;
  std::vector<SdBusSlotPtr> matches_;
  SdBusSlotPtr list_call_;             // GetInhibitors, while on its way
  bool present_ = false;               // org.gnome.SessionManager is on the bus
  std::vector<Inhibitor> inhibitors_;  // in the order they came
  std::vector<IdleInhibitor> reported_;
};

}  // namespace screentime::adapters
