#pragma once
// Tells systemd (Type=notify) that the daemon is ready or stopping, through NOTIFY_SOCKET.
// A no-op when not started by systemd.

#include <string_view>

namespace screentime::adapters {

void notify_systemd(std::string_view state);  // "READY=1", "STOPPING=1", "RELOADING=1"...

}  // namespace screentime::adapters
