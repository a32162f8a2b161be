#include "daemon/adapters/activity/logind_session_properties.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

// A variant holding one basic value of `type`; Raw is what sd-bus writes for it.
template <typename T, typename Raw>
T read_variant(sd_bus_message& message, char type) {
  const char signature[2] = {type, '\0'};
  check(sd_bus_message_enter_container(&message, 'v', signature), "entering a D-Bus variant");
  Raw raw{};
  read_basic(message, type, &raw);
  check(sd_bus_message_exit_container(&message), "leaving a D-Bus variant");
  return T(raw);
}

// The uid of a User variant: (uid, the user's object path).
std::uint32_t read_user(sd_bus_message& message) {
  check(sd_bus_message_enter_container(&message, 'v', "(uo)"), "entering a D-Bus variant");
  std::uint32_t uid = 0;
  const char* path = nullptr;
  check(sd_bus_message_read(&message, "(uo)", &uid, &path), "reading User");
  check(sd_bus_message_exit_container(&message), "leaving a D-Bus variant");
  return uid;
}

// Reads the variant of `name` into `properties` if it is one of ours with the expected
// type (`contents` is the variant's signature); false when the caller must skip it.
bool read_property(sd_bus_message& message, std::string_view name, std::string_view contents,
                   LogindSessionProperties& properties) {
  if (name == "Id" && contents == "s") {
    properties.id = read_variant<std::string, const char*>(message, 's');
  } else if (name == "Type" && contents == "s") {
    properties.type = read_variant<std::string, const char*>(message, 's');
  } else if (name == "Active" && contents == "b") {
    properties.active = read_variant<bool, int>(message, 'b');
  } else if (name == "IdleHint" && contents == "b") {
    properties.idle_hint = read_variant<bool, int>(message, 'b');
  } else if (name == "IdleSinceHint" && contents == "t") {
    properties.idle_since = read_variant<std::uint64_t, std::uint64_t>(message, 't');
  } else if (name == "LockedHint" && contents == "b") {
    properties.locked_hint = read_variant<bool, int>(message, 'b');
  } else if (name == "User" && contents == "(uo)") {
    properties.uid = read_user(message);
  } else if (name == "Class" && contents == "s") {
    properties.session_class = read_variant<std::string, const char*>(message, 's');
  } else if (name == "Remote" && contents == "b") {
    properties.remote = read_variant<bool, int>(message, 'b');
  } else {
    return false;
  }
  return true;
}

bool is_followed(std::string_view name) {
  return name == "Id" || name == "Type" || name == "Active" || name == "IdleHint" ||
         name == "IdleSinceHint" || name == "LockedHint" || name == "User" || name == "Class" ||
         name == "Remote";
}

}  // namespace

void LogindSessionProperties::merge(const LogindSessionProperties& changes) {
  if (changes.id) id = changes.id;
  if (changes.type) type = changes.type;
  if (changes.active) active = changes.active;
  if (changes.idle_hint) idle_hint = changes.idle_hint;
  if (changes.idle_since) idle_since = changes.idle_since;
  if (changes.locked_hint) locked_hint = changes.locked_hint;
  if (changes.uid) uid = changes.uid;
  if (changes.session_class) session_class = changes.session_class;
  if (changes.remote) remote = changes.remote;
}

LogindSessionProperties read_session_properties(sd_bus_message& message) {
  LogindSessionProperties properties;
  check(sd_bus_message_enter_container(&message, 'a', "{sv}"), "entering a{sv}");
  while (check(sd_bus_message_enter_container(&message, 'e', "sv"), "entering {sv}") > 0) {
    const char* name = nullptr;
    read_basic(message, 's', &name);
    const char* contents = nullptr;
    check(sd_bus_message_peek_type(&message, nullptr, &contents), "peeking a variant");
    if (!read_property(message, name, contents != nullptr ? contents : "", properties)) {
      check(sd_bus_message_skip(&message, "v"), "skipping a variant");
    }
    check(sd_bus_message_exit_container(&message), "leaving {sv}");
  }
  check(sd_bus_message_exit_container(&message), "leaving a{sv}");
  return properties;
}

LogindSessionChange read_session_change(sd_bus_message& message) {
  LogindSessionChange change;
  const char* interface = nullptr;
  read_basic(message, 's', &interface);
  if (std::strcmp(interface, logind::kSessionInterface) != 0) return change;
  change.changed = read_session_properties(message);
  check(sd_bus_message_enter_container(&message, 'a', "s"), "entering as");
  const char* name = nullptr;
  while (check(sd_bus_message_read_basic(&message, 's', &name), "reading as") > 0) {
    if (is_followed(name)) change.invalidated = true;
  }
  check(sd_bus_message_exit_container(&message), "leaving as");
  return change;
}

std::vector<ListedSession> read_session_list(sd_bus_message& reply) {
  std::vector<ListedSession> listed;
  check(sd_bus_message_enter_container(&reply, 'a', "(susso)"), "ListSessions reply");
  const char* id = nullptr;
  std::uint32_t uid = 0;
  const char* user = nullptr;
  const char* seat = nullptr;
  const char* path = nullptr;
  int result = 0;
  while ((result = sd_bus_message_read(&reply, "(susso)", &id, &uid, &user, &seat, &path)) > 0) {
    listed.push_back({uid, path});
  }
  check(result, "ListSessions reply");
  check(sd_bus_message_exit_container(&reply), "ListSessions reply");
  return listed;
}

bool is_graphical_session_type(const std::string& type) {
  return type == "x11" || type == "wayland" || type == "mir";
}

}  // namespace screentime::adapters
