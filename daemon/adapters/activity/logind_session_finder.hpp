#pragma once
// LogindSessionFinder: finds, asynchronously, the logind session screentime follows: the one
// named by XDG_SESSION_ID while it exists; else GetSession("auto"), which for a systemd user
// service is the user's display session; else the user's graphical sessions from
// ListSessions, the active one first. Never sd_pid_get_session()/sd_session_*(): they read
// /run/systemd and cannot see a logind that is only on the bus (the test mock).
// Loop thread only.

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

class LogindSessionFinder {
 public:
  // The session's object path, or nullopt and why there is none.
  using Done = std::function<void(std::optional<std::string> path, std::string why_not)>;

  // Starts a search for a session of `uid`, dropping one still running. `preferred_id` (from
  // XDG_SESSION_ID) may be empty. `done` runs from a bus callback, once.
  void find(SdBusConnection& bus, std::string preferred_id, uid_t uid, Done done);
  void cancel();
  bool searching() const { return static_cast<bool>(done_); }

 private:
  void get_session(const std::string& id);
  void list_sessions();
  void check_next_candidate();
  void on_session_list(sd_bus_message& reply);
  void on_candidate(const std::string& path, sd_bus_message& reply);
  // Runs `step` on `reply`; a malformed reply ends the search instead of leaving it hanging.
  void guarded(sd_bus_message& reply, const std::function<void(sd_bus_message&)>& step);
  void call(SdBusMessagePtr call, std::function<void(sd_bus_message&)> on_reply);
  void finish(std::optional<std::string> path, std::string why_not);

  SdBusConnection* bus_ = nullptr;
  uid_t uid_ = 0;
  Done done_;
  SdBusSlotPtr pending_;
  std::vector<std::string> candidates_;  // paths of the user's sessions still to look at
  std::optional<std::string> inactive_;  // a graphical session that is not in front
};

}  // namespace screentime::adapters
