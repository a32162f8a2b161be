#pragma once
// SessionBusNotice: the notification helper's side of the freedesktop notification protocol,
// blocking (the helper is a process of its own with nothing else to do): show one
// notification, and with buttons wait for the click or the close. sd-bus.

#include <systemd/sd-bus.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

class SessionBusNotice {
 public:
  // Connects to `address` as the calling user. Check connected() before anything else.
  explicit SessionBusNotice(const std::string& address);
  ~SessionBusNotice();
  SessionBusNotice(const SessionBusNotice&) = delete;
  SessionBusNotice& operator=(const SessionBusNotice&) = delete;

  bool connected() const { return bus_ != nullptr; }
  // Shows `notification` with `buttons` (key, label), following the server's signals first so
  // that no click is missed; false when the server did not take it (said on stderr).
  bool show(const core::Notification& notification,
            const std::vector<core::ActionRequest>& buttons);
  // The key of the button clicked, or nullopt when the notification was closed, the server
  // went away, or `limit` passed.
  std::optional<std::string> wait_for_click(std::chrono::seconds limit);
  void close_notification();

 private:
  struct BusClose {
    void operator()(sd_bus* bus) const noexcept;
  };
  struct SlotUnref {
    void operator()(sd_bus_slot* slot) const noexcept;
  };
  static int on_action(sd_bus_message* message, void* self, sd_bus_error*);
  static int on_closed(sd_bus_message* message, void* self, sd_bus_error*);

  std::unique_ptr<sd_bus, BusClose> bus_;
  std::unique_ptr<sd_bus_slot, SlotUnref> action_match_;
  std::unique_ptr<sd_bus_slot, SlotUnref> closed_match_;
  std::uint32_t id_ = 0;
  std::optional<std::string> clicked_;
  bool over_ = false;
};

}  // namespace screentime::adapters
