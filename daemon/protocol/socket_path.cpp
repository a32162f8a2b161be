#include "daemon/protocol/socket_path.hpp"

#include <string>

namespace screentime::protocol {

ControlSocketLocation locate_control_socket(const std::string& runtime_dir, uid_t user) {
  ControlSocketLocation location;
  if (!runtime_dir.empty()) {
    if (runtime_dir.front() == '/') {
      location.path = std::filesystem::path(runtime_dir) / "screentime" / "control.sock";
      return location;
    }
    location.ignored_runtime_dir = runtime_dir;
  }
  const std::string uid = std::to_string(user);
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

std::filesystem::path default_control_socket_path(const std::string& runtime_dir, uid_t user) {
  return locate_control_socket(runtime_dir, user).path;
}

}  // namespace screentime::protocol
