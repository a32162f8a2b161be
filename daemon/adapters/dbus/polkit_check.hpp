#pragma once
// Asks polkit, on the system bus, whether the person at a logind session may take an action,
// letting polkit's authentication agent in that session ask for an administrator's password.
// The answer comes later through the loop: a person is typing. Loop thread only.

#include <chrono>
#include <functional>
#include <string>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"

namespace screentime::adapters {

// `authorized`: polkit said yes; `why`: polkit's error otherwise ("" for a plain no).
using PolkitAnswer = std::function<void(bool authorized, const std::string& why)>;

// Throws std::system_error when the question cannot be sent. Dropping the slot drops the
// answer.
SdBusSlotPtr check_in_session(SharedBus& system_bus, const std::string& session_id,
                              const std::string& action, PolkitAnswer answer,
                              std::chrono::seconds timeout = std::chrono::minutes{5});

}  // namespace screentime::adapters
