#include "daemon/adapters/desktop/desktop_bus.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
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
    throw std::runtime_error(std::string("asking the session bus for ") + name +
                             " failed: " + describe_error(error.get(), result));
  }
  int present = 0;
  read_basic(*reply, 'b', &present);
  return present != 0;
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

void send_without_reply(SdBusConnection& bus, sd_bus_message& call) {
  int result = sd_bus_message_set_expect_reply(&call, 0);
  if (result >= 0) result = sd_bus_send(bus.get(), &call, nullptr);
  if (result < 0) throw std::system_error(-result, std::generic_category(), "sd_bus_send");
  bus.kick();  // it may not be fully written yet
}

void deliver(const char* source, const char* what, const std::function<void()>& call) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("{}: handling {} failed: {}", source, what, error.what());
  } catch (...) {
    spdlog::error("{}: handling {} failed with an unknown exception", source, what);
  }
}

std::vector<IdleThreshold> merge_thresholds(const std::vector<IdleThreshold>& old,
                                            std::span<const core::Duration> wanted) {
  std::vector<IdleThreshold> result;
  for (const auto length : wanted) {
    if (length <= core::Duration::zero()) continue;
    if (std::any_of(result.begin(), result.end(), [&](auto& t) { return t.length == length; })) {
      continue;
    }
    const auto kept =
        std::find_if(old.begin(), old.end(), [&](auto& t) { return t.length == length; });
    result.push_back({length, kept != old.end() && kept->reported});
  }
  std::sort(result.begin(), result.end(), [](auto& a, auto& b) { return a.length < b.length; });
  return result;
}

}  // namespace screentime::adapters
