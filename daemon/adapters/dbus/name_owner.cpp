#include "daemon/adapters/dbus/name_owner.hpp"

#include <stdexcept>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {

bool name_has_owner(SdBusConnection& bus, const char* name) {
  SdBusError error;
  sd_bus_message* reply = nullptr;
  const int result =
      sd_bus_call_method(bus.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                         "org.freedesktop.DBus", "NameHasOwner", error.get(), &reply, "s", name);
  const SdBusMessagePtr owned(reply);
  bus.kick();  // a synchronous call: signals may have been queued meanwhile
  if (result < 0) {
    throw std::runtime_error(std::string("asking the bus for ") + name +
                             " failed: " + describe_error(error.get(), result));
  }
  int present = 0;
  read_basic(*reply, 'b', &present);
  return present != 0;
}

SdBusSlotPtr ask_name_owner(SdBusConnection& bus, const char* name,
                            std::function<void(std::optional<bool> present)> on_answer,
                            std::chrono::microseconds timeout) {
  auto call = new_method_call(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus", "NameHasOwner");
  const int result = sd_bus_message_append(call.get(), "s", name);
  if (result < 0) throw std::system_error(-result, std::generic_category(), "NameHasOwner");
  return call_async(
      bus, *call,
      [on_answer = std::move(on_answer)](sd_bus_message& reply) {
        if (sd_bus_message_is_method_error(&reply, nullptr)) return on_answer(std::nullopt);
        int present = 0;
        read_basic(reply, 'b', &present);
        on_answer(present != 0);
      },
      timeout);
}

SdBusSlotPtr watch_name_owner(SdBusConnection& bus, const std::string& name,
                              std::function<void(bool present)> on_change) {
  const std::string rule =
      "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
      "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='" +
      name + "'";
  return add_match(bus, rule, [name, on_change = std::move(on_change)](sd_bus_message& signal) {
    const char* changed = nullptr;
    const char* old_owner = nullptr;
    const char* new_owner = nullptr;
    read_basic(signal, 's', &changed);
    read_basic(signal, 's', &old_owner);
    read_basic(signal, 's', &new_owner);
    if (name != changed) return;
    if (*old_owner != '\0') on_change(false);
    if (*new_owner != '\0') on_change(true);
  });
}

}  // namespace screentime::adapters
