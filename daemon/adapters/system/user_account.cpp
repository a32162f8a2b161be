#include "daemon/adapters/system/user_account.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <vector>

namespace screentime::adapters {
namespace {

using Lookup = std::function<int(passwd* entry, char* buffer, std::size_t size, passwd** found)>;

// Runs `lookup` (getpwuid_r, getpwnam_r) and hands the entry to `use` while its strings live.
void with_entry(const Lookup& lookup, const std::function<void(const passwd&)>& use) {
  const long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (lookup(&entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) use(*found);
}

}  // namespace

std::optional<std::filesystem::path> account_home(uid_t uid) {
  std::optional<std::filesystem::path> home;
  with_entry([uid](passwd* entry, char* buffer, std::size_t size,
                   passwd** found) { return getpwuid_r(uid, entry, buffer, size, found); },
             [&home](const passwd& found) {
               if (found.pw_dir != nullptr && found.pw_dir[0] == '/') home = found.pw_dir;
             });
  return home;
}

std::optional<uid_t> uid_of(const std::string& name) {
  std::optional<uid_t> uid;
  with_entry(
      [&name](passwd* entry, char* buffer, std::size_t size, passwd** found) {
        return getpwnam_r(name.c_str(), entry, buffer, size, found);
      },
      [&uid](const passwd& found) { uid = found.pw_uid; });
  return uid;
}

namespace {

// Runs getgrnam_r and hands the entry to `use` while its strings live.
void with_group(const std::string& name, const std::function<void(const group&)>& use) {
  group entry{};
  group* found = nullptr;
  std::vector<char> buffer(16384);
  // ERANGE: a group with many members; grow the buffer a few times, then give up.
  for (int attempt = 0; attempt < 4; ++attempt) {
    const int error = getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (error != ERANGE) break;
    buffer.resize(buffer.size() * 4);
  }
  if (found != nullptr) use(*found);
}

}  // namespace

std::optional<gid_t> gid_of(const std::string& name) {
  std::optional<gid_t> gid;
  with_group(name, [&gid](const group& found) { gid = found.gr_gid; });
  return gid;
}

std::vector<uid_t> member_uids(const std::string& name) {
  std::vector<std::string> members;
  with_group(name, [&members](const group& found) {
    for (char** member = found.gr_mem; member != nullptr && *member != nullptr; ++member) {
      members.emplace_back(*member);
    }
  });
  std::vector<uid_t> uids;
  for (const auto& member : members) {
    if (const auto uid = uid_of(member)) uids.push_back(*uid);
  }
  return uids;
}

}  // namespace screentime::adapters
