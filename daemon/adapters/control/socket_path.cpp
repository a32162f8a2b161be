#include "daemon/adapters/control/socket_path.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "daemon/adapters/control/control_error.hpp"
#include "daemon/protocol/socket_path.hpp"

namespace screentime::adapters {
namespace {

[[noreturn]] void throw_errno(const std::filesystem::path& folder, const char* doing, int error) {
  throw ControlSocketError("control socket folder \"" + folder.string() + "\": " + doing + ": " +
                           std::strerror(error));
}

// mkdir() applies the umask, so the mode is set again on a folder we just made.
void create_folder(const std::filesystem::path& folder, mode_t mode) {
  if (mkdir(folder.c_str(), mode) != 0) {
    if (errno == EEXIST) return;
    throw_errno(folder, "cannot create it", errno);
  }
  if (chmod(folder.c_str(), mode) != 0) throw_errno(folder, "cannot set its mode", errno);
}

bool is_folder(const std::filesystem::path& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

ControlSocketChoice choose_control_socket_path(const std::string& runtime_dir, uid_t uid) {
  // One rule for the daemon and its clients: the protocol library holds it.
  const protocol::ControlSocketLocation location =
      protocol::locate_control_socket(runtime_dir, uid);
  ControlSocketChoice choice{location.path, location.place == protocol::SocketPlace::tmp, {}};
  if (choice.in_tmp_fallback) {
    // Only what was really missing: a runtime folder that lies under /tmp is no fallback.
    const std::string runtime =
        location.ignored_runtime_dir.empty()
            ? "$XDG_RUNTIME_DIR is not set"
            : "$XDG_RUNTIME_DIR (\"" + location.ignored_runtime_dir + "\") is not an absolute path";
    choice.why_tmp = runtime + " and there is no /run/user/" + std::to_string(uid);
  }
  return choice;
}

std::filesystem::path default_control_socket_path(const std::string& runtime_dir, uid_t uid) {
  ControlSocketChoice choice = choose_control_socket_path(runtime_dir, uid);
  if (choice.in_tmp_fallback) {
    spdlog::info("{}: control socket in the private folder \"{}\"", choice.why_tmp,
                 choice.path.parent_path().string());
  }
  return choice.path;
}

void prepare_socket_folder(const std::filesystem::path& folder, bool public_folder) {
  const mode_t mode = public_folder ? 0755 : 0700;
  const mode_t refused = public_folder ? 022 : 077;
  // Walk down from the root so each missing folder is made by us, with our mode.
  std::filesystem::path partial;
  for (const std::filesystem::path& part : folder) {
    partial /= part;
    if (!is_folder(partial)) create_folder(partial, mode);
  }

  struct stat info {};
  if (lstat(folder.c_str(), &info) != 0) throw_errno(folder, "cannot inspect it", errno);
  if (!S_ISDIR(info.st_mode)) {
    throw ControlSocketError("control socket folder \"" + folder.string() +
                             "\": not a folder (a symlink?); refusing to use it");
  }
  if (info.st_uid != geteuid() || (info.st_mode & refused) != 0) {
    throw ControlSocketError(
        "control socket folder \"" + folder.string() + "\": must belong to uid " +
        std::to_string(geteuid()) + " with mode " + octal_mode(mode) + ", but belongs to uid " +
        std::to_string(info.st_uid) + " with mode " + octal_mode(info.st_mode) +
        "; refusing to use it (fix its owner and mode, or remove it)");
  }
}

}  // namespace screentime::adapters
