#include "daemon/adapters/dbus/polkit_check.hpp"

#include <system_error>

#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

constexpr std::uint32_t kAllowUserInteraction = 1;

}  // namespace

SdBusSlotPtr check_in_session(SharedBus& system_bus, const std::string& session_id,
                              const std::string& action, PolkitAnswer answer,
                              std::chrono::seconds timeout) {
  SdBusConnection& bus = system_bus.connect();
  auto call =
      new_method_call(bus, "org.freedesktop.PolicyKit1", "/org/freedesktop/PolicyKit1/Authority",
                      "org.freedesktop.PolicyKit1.Authority", "CheckAuthorization");
  sd_bus_message* m = call.get();
  check(sd_bus_message_open_container(m, 'r', "sa{sv}"), "polkit subject");
  check(sd_bus_message_append(m, "s", "unix-session"), "polkit subject");
  check(sd_bus_message_append(m, "a{sv}", 1, "session-id", "s", session_id.c_str()),
        "polkit subject");
  check(sd_bus_message_close_container(m), "polkit subject");
  check(sd_bus_message_append(m, "sa{ss}us", action.c_str(), 0, kAllowUserInteraction, ""),
        "polkit question");
  return call_async(
      bus, *m,
      [answer = std::move(answer)](sd_bus_message& reply) {
        if (sd_bus_message_is_method_error(&reply, nullptr)) {
          answer(false, describe_error(sd_bus_message_get_error(&reply)));
          return;
        }
        int authorized = 0;
        int challenge = 0;
        const int read = sd_bus_message_enter_container(&reply, 'r', "bba{ss}") >= 0
                             ? sd_bus_message_read(&reply, "bb", &authorized, &challenge)
                             : -1;
        answer(read >= 0 && authorized != 0, read >= 0 ? "" : "polkit's answer did not read");
      },
      std::chrono::duration_cast<std::chrono::microseconds>(timeout));
}

}  // namespace screentime::adapters
