#pragma once
// Where the control socket lives, for the daemon and its clients alike.

#include <filesystem>

namespace screentime::protocol {

// $XDG_RUNTIME_DIR/screentime/control.sock; without XDG_RUNTIME_DIR (root on a bare machine)
// /run/user/UID/screentime/control.sock when /run/user/UID exists, else
// /tmp/screentime-UID/control.sock (the daemon creates that folder 0700 and checks it).
std::filesystem::path default_control_socket_path();

}  // namespace screentime::protocol
