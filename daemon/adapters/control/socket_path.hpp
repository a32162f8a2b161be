#pragma once
// Where the control socket lives by default, and the private folder around it.

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace screentime::adapters {

struct ControlSocketChoice {
  std::filesystem::path path;
  // True when neither $XDG_RUNTIME_DIR nor /run/user/<uid> was there and the socket went to
  // /tmp/screentime-<uid>/ instead (a clean /tmp at boot clears it; nothing else does).
  bool in_tmp_fallback = false;
  // With the fallback: what was missing, e.g. "$XDG_RUNTIME_DIR is not set and there is no
  // /run/user/1000".
  std::string why_tmp;
};

// `runtime_dir` ($XDG_RUNTIME_DIR)/screentime/control.sock (a relative value is ignored, as
// the XDG spec says); else /run/user/<uid>/screentime/control.sock when /run/user/<uid>
// exists; else /tmp/screentime-<uid>/control.sock. Reads only the file system.
ControlSocketChoice choose_control_socket_path(const std::string& runtime_dir, uid_t uid);

// choose_control_socket_path(), logging the /tmp fallback once at info.
std::filesystem::path default_control_socket_path(const std::string& runtime_dir, uid_t uid);

// Creates the missing folders on the way to `folder` with mode 0700 (0755 when `public_folder`),
// whatever the umask, then requires `folder` itself to be a folder (not a symlink) owned by our
// effective uid with no access for group or others (public: no write access for them):
// whoever can write there could replace the socket. Throws ControlSocketError naming the
// folder and what is wrong with it.
void prepare_socket_folder(const std::filesystem::path& folder, bool public_folder = false);

}  // namespace screentime::adapters
