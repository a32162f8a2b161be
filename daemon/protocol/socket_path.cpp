#include "daemon/protocol/socket_path.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace screentime::protocol {

ControlSocketLocation locate_control_socket() {
  ControlSocketLocation location;
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && runtime[0] != '\0') {
    if (runtime[0] == '/') {
      location.path = std::filesystem::path(runtime) / "screentime" / "control.sock";
      return location;
    }
    location.ignored_runtime_dir = runtime;
  }
  const std::string uid = std::to_string(getuid());
  const std::filesystem::path run_user = "/run/user/" + uid;
  std::error_code ignored;
  if (std::filesystem::is_directory(run_user, ignored)) {
    location.path = run_user / "screentime" / "control.sock";
    location.place = SocketPlace::run_user;
    return location;
  }
  location.path = std::filesystem::path("/tmp") / ("screentime-" + uid) / "control.sock";
  location.place = SocketPlace::tmp;
  return location;
}

std::filesystem::path default_control_socket_path() { return locate_control_socket().path; }

}  // namespace screentime::protocol
