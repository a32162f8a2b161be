#pragma once
// LogindManagerActions: the logind manager calls the system role acts with (LockSession,
// TerminateSession, Suspend), sent without waiting for the answer; a failure is logged and
// passed to the caller's callback. Loop thread only.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

class LogindManagerActions {
 public:
  // nullopt once logind has done it, else why not. Runs from a bus callback.
  using Done = std::function<void(const std::optional<std::string>& error)>;

  // Each sends its call on `bus` and returns true, or logs and returns false when the call
  // cannot be sent (`done` then never runs). `done` may be empty.
  bool lock_session(SdBusConnection& bus, const std::string& id, Done done);
  bool terminate_session(SdBusConnection& bus, const std::string& id, Done done);
  bool suspend(SdBusConnection& bus, Done done);  // Suspend(interactive = false)

  // Drops the calls on their way, unanswered: their `done` never runs (the bus is going).
  void cancel() { pending_.clear(); }
  std::size_t pending() const { return pending_.size(); }

 private:
  bool send(SdBusConnection& bus, const std::string& what, SdBusMessagePtr call, Done done);
  void on_reply(std::uint64_t key, const std::string& what, const Done& done,
                sd_bus_message& reply);

  std::map<std::uint64_t, SdBusSlotPtr> pending_;
  std::uint64_t next_key_ = 0;
};

}  // namespace screentime::adapters
