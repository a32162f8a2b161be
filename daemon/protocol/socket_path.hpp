#pragma once
// Where the control socket lives, for the daemon and its clients alike.

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace screentime::protocol {

// Which rule placed the socket, so that the daemon can say why it is where it is.
enum class SocketPlace { runtime_dir, run_user, tmp };

struct ControlSocketLocation {
  std::filesystem::path path;
  SocketPlace place = SocketPlace::runtime_dir;
  // $XDG_RUNTIME_DIR as found, when it was set but not used (a relative path).
  std::string ignored_runtime_dir;
};

// `runtime_dir` ($XDG_RUNTIME_DIR, as main read it)/screentime/control.sock, wherever that
// folder lies (a relative value is ignored, as the XDG spec says); without one (root on a
// bare machine)
// /run/user/UID/screentime/control.sock when /run/user/UID exists, else
// /tmp/screentime-UID/control.sock (the daemon creates that folder 0700 and checks it).
ControlSocketLocation locate_control_socket(const std::string& runtime_dir, uid_t user);
std::filesystem::path default_control_socket_path(const std::string& runtime_dir, uid_t user);

// The system role's socket, which every user can reach.
inline constexpr const char* kSystemSocket = "/run/screentime/system.sock";

}  // namespace screentime::protocol
