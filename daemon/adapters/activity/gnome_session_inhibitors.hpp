#pragma once
// GnomeSessionInhibitors: follows the inhibitors of GNOME's session manager
// (org.gnome.SessionManager on the session bus) that keep the session from being marked idle
// (flag 8, "Inhibit the session being marked as idle": what GNOME video players and
// presentations take). GetInhibitors at start and whenever gnome-session comes back
// (ServiceInhibitors); InhibitorAdded/InhibitorRemoved after that. Each inhibitor object is
// read once (GetFlags, GetAppId, GetReason): gnome-session never changes them. Loop thread
// only; no thread or timer of its own.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/activity/service_inhibitors.hpp"

namespace screentime::adapters {

class GnomeSessionInhibitors final : public ServiceInhibitors {
 public:
  // On the user's shared session bus `bus`; `on_change` runs on changes only.
  GnomeSessionInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change);

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

  // ServiceInhibitors
  void subscribe() override;
  void read() override;
  void forget() override;

  void on_inhibitor_list(sd_bus_message& reply);
  void add(const std::string& path);
  void read_field(Inhibitor& inhibitor, Field field);
  void on_field(const std::string& path, Field field, sd_bus_message& reply);
  Inhibitor* find(std::string_view path);
  void drop(std::string_view path);
  void update();

  SdBusSlotPtr list_call_;             // GetInhibitors, while on its way
  std::vector<Inhibitor> inhibitors_;  // in the order they came
};

}  // namespace screentime::adapters
