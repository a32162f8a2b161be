#pragma once
// The org.freedesktop.login1.Session properties screentime follows, as read from a GetAll
// reply or a PropertiesChanged signal (org.freedesktop.login1(5)).

#include <systemd/sd-bus.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace screentime::adapters {

struct LogindSessionProperties {
  std::optional<std::string> id;
  std::optional<std::string> type;           // "x11", "wayland", "tty", ...
  std::optional<bool> active;                // Active: false while another session is in front
  std::optional<bool> idle_hint;             // IdleHint
  std::optional<std::uint64_t> idle_since;   // IdleSinceHint: CLOCK_REALTIME, µs
  std::optional<bool> locked_hint;           // LockedHint
  std::optional<std::uint32_t> uid;          // User: (uid, object path)
  std::optional<std::string> session_class;  // Class: "user", "greeter", "lock-screen", ...
  std::optional<bool> remote;                // Remote: an ssh login, a remote desktop

  // Every field `changes` has replaces ours.
  void merge(const LogindSessionProperties& changes);
};

// Reads the a{sv} dictionary at the message's read position. Other properties, and ours
// with an unexpected type, are skipped. Throws std::system_error on a malformed message.
LogindSessionProperties read_session_properties(sd_bus_message& message);

// PropertiesChanged(s interface, a{sv} changed, as invalidated) from a session object.
struct LogindSessionChange {
  LogindSessionProperties changed;
  bool invalidated = false;  // one of ours changed without its value: read it anew
};
// Throws std::system_error on a malformed message.
LogindSessionChange read_session_change(sd_bus_message& message);

// One entry of Manager.ListSessions' a(susso) reply: who and where.
struct ListedSession {
  std::uint32_t uid = 0;
  std::string path;
};
// Reads the whole reply. Throws std::system_error on a malformed message.
std::vector<ListedSession> read_session_list(sd_bus_message& reply);

// Whether `type` (the session's Type) is a graphical session.
bool is_graphical_session_type(const std::string& type);

}  // namespace screentime::adapters
