#pragma once
// Whether a well-known name has an owner on a bus, and following its owner coming and going
// (the bus daemon's NameHasOwner and NameOwnerChanged), for every adapter that waits on a
// service. Loop thread only.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

// Whether `name` has an owner on `bus` now (NameHasOwner, synchronous; no service is started
// for it). Throws std::runtime_error.
bool name_has_owner(SdBusConnection& bus, const char* name);

// Asks NameHasOwner without waiting: `on_answer(present)` from the loop, or nullopt when the
// bus did not answer within `timeout`. Dropping the slot drops the question. Throws
// std::system_error when it cannot be sent.
SdBusSlotPtr ask_name_owner(SdBusConnection& bus, const char* name,
                            std::function<void(std::optional<bool> present)> on_answer,
                            std::chrono::microseconds timeout);

// Follows NameOwnerChanged for `name`: `on_change(false)` when its owner leaves, `(true)` when
// one arrives (both, in that order, for a direct hand-over). Throws std::system_error.
SdBusSlotPtr watch_name_owner(SdBusConnection& bus, const std::string& name,
                              std::function<void(bool present)> on_change);

}  // namespace screentime::adapters
