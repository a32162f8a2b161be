#include "daemon/protocol/socket_path.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace screentime::protocol {

std::filesystem::path default_control_socket_path() {
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && runtime[0] == '/') {
    return std::filesystem::path(runtime) / "screentime" / "control.sock";
  }
  const std::string uid = std::to_string(getuid());
  const std::filesystem::path run_user = "/run/user/" + uid;
  std::error_code ignored;
  if (std::filesystem::is_directory(run_user, ignored)) {
    return run_user / "screentime" / "control.sock";
  }
  return std::filesystem::path("/tmp") / ("screentime-" + uid) / "control.sock";
}

}  // namespace screentime::protocol
