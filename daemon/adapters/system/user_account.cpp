#include "daemon/adapters/system/user_account.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace screentime::adapters {

std::optional<std::filesystem::path> account_home(uid_t uid) {
  const long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr ||
      found->pw_dir == nullptr || found->pw_dir[0] != '/') {
    return std::nullopt;
  }
  return std::filesystem::path(found->pw_dir);
}

}  // namespace screentime::adapters
