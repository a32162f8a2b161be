#include "daemon/adapters/store/history_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "daemon/adapters/store/store_error.hpp"

namespace screentime::adapters {
namespace {

constexpr mode_t kFolderMode = 0700;
constexpr mode_t kFileMode = 0600;

[[noreturn]] void throw_errno(const std::filesystem::path& path, const char* doing, int error) {
  throw StoreError(path, std::string(doing) + ": " + std::strerror(error));
}

// mkdir() applies the umask, so the mode is set again explicitly on a folder we just made.
void create_private_folder(const std::filesystem::path& folder) {
  if (mkdir(folder.c_str(), kFolderMode) != 0) {
    if (errno == EEXIST) return;
    throw_errno(folder, "cannot create folder", errno);
  }
  if (chmod(folder.c_str(), kFolderMode) != 0) throw_errno(folder, "cannot set mode", errno);
}

}  // namespace

std::filesystem::path default_history_path(const std::optional<std::filesystem::path>& state_home) {
  if (!state_home) throw StoreError("$HOME", "no home folder to keep the history in");
  return *state_home / "screentime" / "history.db";
}

void create_private_file(const std::filesystem::path& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0) return;

  // Walk down from the root so each missing folder is made by us, with our mode.
  std::filesystem::path folder;
  for (const std::filesystem::path& part : path.parent_path()) {
    folder /= part;
    if (stat(folder.c_str(), &info) != 0) create_private_folder(folder);
  }

  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kFileMode);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw_errno(path, "cannot create file", errno);
  }
  int error = fchmod(fd, kFileMode) == 0 ? 0 : errno;
  close(fd);
  if (error != 0) throw_errno(path, "cannot set mode", error);
}

void align_side_file_modes(const std::filesystem::path& path) {
  struct stat database {};
  if (stat(path.c_str(), &database) != 0) return;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::string side = path.string() + suffix;
    struct stat info {};
    if (stat(side.c_str(), &info) != 0 || info.st_uid != geteuid()) continue;
    if ((info.st_mode & 0777) == (database.st_mode & 0777)) continue;
    chmod(side.c_str(), database.st_mode & 0777);  // if refused, opening will say why
  }
}

}  // namespace screentime::adapters
