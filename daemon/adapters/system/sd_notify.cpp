#include "daemon/adapters/system/sd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace screentime::adapters {

void notify_systemd(std::string_view state) {
  // Failure only means nobody listens; nothing to do about it.
  sd_notify(0, std::string(state).c_str());
}

}  // namespace screentime::adapters
