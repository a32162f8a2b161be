#pragma once
// What the desktop idle sources share on the session bus: asking whether a name is owned,
// following its owner, calls sent without waiting for an answer, and the edge where their
// events reach the daemon's callbacks. Loop thread only.

#include <systemd/sd-bus.h>

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

// Whether `name` has an owner on `bus` now (NameHasOwner, synchronous; no service is started
// for it). Throws std::runtime_error.
bool name_has_owner(SdBusConnection& bus, const char* name);

// Follows NameOwnerChanged for `name`: `on_change(false)` when its owner leaves, `(true)` when
// one arrives (both, in that order, for a direct hand-over). Throws std::system_error.
SdBusSlotPtr watch_name_owner(SdBusConnection& bus, const std::string& name,
                              std::function<void(bool present)> on_change);

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
