#pragma once
// LogindSleepInhibitor: holds logind's "sleep" delay inhibitor, so that suspend waits for
// screentime to record the running interval first. logind's contract (systemd's
// docs/INHIBITOR_LOCKS.md): take a delay lock; on PrepareForSleep(true) do the work, then
// release the lock; on PrepareForSleep(false) take a new one. The lock is an fd, and logind
// drops it once every copy is closed. Loop thread only.

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

class LogindSleepInhibitor {
 public:
  LogindSleepInhibitor() = default;
  ~LogindSleepInhibitor() { release(); }
  LogindSleepInhibitor(const LogindSleepInhibitor&) = delete;
  LogindSleepInhibitor& operator=(const LogindSleepInhibitor&) = delete;

  // Asks logind for the lock, asynchronously; nothing if it is held or asked for already. A
  // failure is logged: sleep then does not wait for us.
  void take(SdBusConnection& bus);
  // Lets sleep go ahead: closes our copy of the fd, or drops a request still on its way.
  void release();
  bool held() const { return fd_ >= 0; }

 private:
  void on_reply(SdBusConnection& bus, sd_bus_message& reply);

  SdBusSlotPtr pending_;
  int fd_ = -1;
};

}  // namespace screentime::adapters
