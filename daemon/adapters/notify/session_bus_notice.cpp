#include "daemon/adapters/notify/session_bus_notice.hpp"

#include <systemd/sd-bus.h>

#include <cstdio>

#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

constexpr std::uint64_t kCallTimeoutMicroseconds = 5'000'000;
constexpr const char* kService = "org.freedesktop.Notifications";
constexpr const char* kPath = "/org/freedesktop/Notifications";
constexpr const char* kInterface = "org.freedesktop.Notifications";

void say(const std::string& text) { std::fprintf(stderr, "desktop notice: %s\n", text.c_str()); }

int append_hint(sd_bus_message* message, const char* key, const char* type, const void* value) {
  int result = sd_bus_message_open_container(message, 'e', "sv");
  if (result >= 0) result = sd_bus_message_append_basic(message, 's', key);
  if (result >= 0) result = sd_bus_message_open_container(message, 'v', type);
  if (result >= 0) result = sd_bus_message_append_basic(message, type[0], value);
  if (result >= 0) result = sd_bus_message_close_container(message);
  if (result >= 0) result = sd_bus_message_close_container(message);
  return result;
}

int append_notification(sd_bus_message* message, const core::Notification& notification,
                        const std::vector<core::ActionRequest>& buttons) {
  int result = sd_bus_message_append(message, "susss", "screentime", 0U, "screentime",
                                     notification.summary.c_str(), notification.body.c_str());
  if (result >= 0) result = sd_bus_message_open_container(message, 'a', "s");
  for (const auto& button : buttons) {
    if (result >= 0)
      result = sd_bus_message_append(message, "ss", button.key.c_str(), button.label.c_str());
  }
  if (result >= 0) result = sd_bus_message_close_container(message);
  if (result >= 0) result = sd_bus_message_open_container(message, 'a', "{sv}");
  const auto urgency = static_cast<std::uint8_t>(notification.urgency);
  if (result >= 0) result = append_hint(message, "urgency", "y", &urgency);
  // One limit notice at a time on the screen: servers that know these tags replace the last.
  // A question waiting for an answer is not replaced by the next one.
  if (buttons.empty()) {
    const char* stack = "screentime-limit";
    if (result >= 0) result = append_hint(message, "x-canonical-private-synchronous", "s", stack);
    if (result >= 0) result = append_hint(message, "x-dunst-stack-tag", "s", stack);
  }
  if (result >= 0 && !notification.category.empty()) {
    result = append_hint(message, "category", "s", notification.category.c_str());
  }
  if (result >= 0) result = sd_bus_message_close_container(message);
  // A question stays until it is answered or closed; a notice goes when the server says.
  if (result >= 0) result = sd_bus_message_append(message, "i", buttons.empty() ? -1 : 0);
  return result;
}

}  // namespace

void SessionBusNotice::BusClose::operator()(sd_bus* bus) const noexcept {
  sd_bus_flush_close_unref(bus);
}

void SessionBusNotice::SlotUnref::operator()(sd_bus_slot* slot) const noexcept {
  sd_bus_slot_unref(slot);
}

int SessionBusNotice::on_action(sd_bus_message* message, void* self, sd_bus_error*) {
  auto& notice = *static_cast<SessionBusNotice*>(self);
  std::uint32_t id = 0;
  const char* key = nullptr;
  if (sd_bus_message_read(message, "us", &id, &key) >= 0 && id == notice.id_ && key != nullptr) {
    notice.clicked_ = key;
    notice.over_ = true;
  }
  return 0;
}

int SessionBusNotice::on_closed(sd_bus_message* message, void* self, sd_bus_error*) {
  auto& notice = *static_cast<SessionBusNotice*>(self);
  std::uint32_t id = 0;
  std::uint32_t reason = 0;
  if (sd_bus_message_read(message, "uu", &id, &reason) >= 0 && id == notice.id_) {
    notice.over_ = true;
  }
  return 0;
}

SessionBusNotice::SessionBusNotice(const std::string& address) {
  sd_bus* raw = nullptr;
  int result = sd_bus_new(&raw);
  std::unique_ptr<sd_bus, BusClose> bus(raw);
  if (result >= 0) result = sd_bus_set_address(raw, address.c_str());
  if (result >= 0) result = sd_bus_set_bus_client(raw, 1);
  if (result >= 0) result = sd_bus_set_method_call_timeout(raw, kCallTimeoutMicroseconds);
  if (result >= 0) result = sd_bus_start(raw);
  if (result < 0) {
    say("cannot reach the session bus \"" + address + "\": " + describe_error(nullptr, result));
    return;
  }
  bus_ = std::move(bus);
}

SessionBusNotice::~SessionBusNotice() = default;

bool SessionBusNotice::show(const core::Notification& notification,
                            const std::vector<core::ActionRequest>& buttons) {
  if (!buttons.empty()) {
    // The signals come from the server's unique name; matching the well-known one asks the
    // bus to resolve it.
    sd_bus_slot* action = nullptr;
    sd_bus_slot* closed = nullptr;
    int matched = sd_bus_match_signal(bus_.get(), &action, kService, kPath, kInterface,
                                      "ActionInvoked", on_action, this);
    action_match_.reset(action);
    if (matched >= 0) {
      matched = sd_bus_match_signal(bus_.get(), &closed, kService, kPath, kInterface,
                                    "NotificationClosed", on_closed, this);
      closed_match_.reset(closed);
    }
    if (matched < 0) {
      say("cannot follow the notification: " + describe_error(nullptr, matched));
      return false;
    }
  }
  sd_bus_message* call_raw = nullptr;
  int result =
      sd_bus_message_new_method_call(bus_.get(), &call_raw, kService, kPath, kInterface, "Notify");
  SdBusMessagePtr call(call_raw);
  if (result >= 0) result = append_notification(call_raw, notification, buttons);
  SdBusError error;
  sd_bus_message* reply_raw = nullptr;
  if (result >= 0) result = sd_bus_call(bus_.get(), call_raw, 0, error.get(), &reply_raw);
  SdBusMessagePtr reply(reply_raw);
  if (result >= 0) result = sd_bus_message_read(reply_raw, "u", &id_);
  if (result < 0) {
    say("the notification server did not take it: " + describe_error(error.get(), result));
    return false;
  }
  return true;
}

std::optional<std::string> SessionBusNotice::wait_for_click(std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!over_) {
    const int result = sd_bus_process(bus_.get(), nullptr);
    if (result < 0) break;  // the bus went away
    if (result > 0) continue;
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) break;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
    if (sd_bus_wait(bus_.get(), static_cast<std::uint64_t>(micros)) < 0) break;
  }
  return clicked_;
}

void SessionBusNotice::close_notification() {
  SdBusError error;
  sd_bus_call_method(bus_.get(), kService, kPath, kInterface, "CloseNotification", error.get(),
                     nullptr, "u", id_);
}

}  // namespace screentime::adapters
