#include "daemon/adapters/system/become_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace screentime::adapters {
namespace {

// The group of a uid that has no account (a user known to logind only): "nogroup".
constexpr gid_t kNoGroup = 65534;

}  // namespace

// Groups, then group, then user: once the uid is dropped, nothing else could be.
bool become_user(uid_t uid, std::string& error) {
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 4096> buffer{};
  getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
  const gid_t gid = found != nullptr ? found->pw_gid : kNoGroup;
  const int groups = found != nullptr ? initgroups(found->pw_name, gid) : setgroups(0, nullptr);
  if (groups != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0) {
    error = "cannot become uid " + std::to_string(uid) + ": " + std::strerror(errno);
    return false;
  }
  uid_t real = 0;
  uid_t effective = 0;
  uid_t saved = 0;
  getresuid(&real, &effective, &saved);
  if (real != uid || effective != uid || saved != uid || (uid != 0 && setuid(0) == 0)) {
    error = "uid " + std::to_string(uid) + " was not taken for good";
    return false;
  }
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  return true;
}

}  // namespace screentime::adapters
