#pragma once
// What the desktop idle sources share on the session bus: calls sent without waiting for an
// answer, and the edge where their events reach the daemon's callbacks (whether a name is
// owned, and following its owner, are in dbus/name_owner.hpp). Loop thread only.

#include <systemd/sd-bus.h>

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/name_owner.hpp"
#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

// Sends `call` flagged as expecting no reply (for clean-ups such as RemoveWatch, whose failure
// changes nothing for us). Throws std::system_error.
void send_without_reply(SdBusConnection& bus, sd_bus_message& call);

// Runs `call` (a callback into the daemon) so that nothing unwinds into sd-bus: an exception
// is logged as "<source>: handling <what> failed".
void deliver(const char* source, const char* what, const std::function<void()>& call) noexcept;

// One idle threshold and whether on_idle was sent for it since the last input.
struct IdleThreshold {
  core::Duration length{};
  bool reported = false;
};

// `wanted` (zero and negative lengths dropped) ascending and without repeats; a length already
// in `old` keeps its `reported`.
std::vector<IdleThreshold> merge_thresholds(const std::vector<IdleThreshold>& old,
                                            std::span<const core::Duration> wanted);

}  // namespace screentime::adapters
