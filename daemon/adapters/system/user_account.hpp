#pragma once
// What the system's user database (passwd) says about a user.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace screentime::adapters {

// The home folder of `uid`'s passwd entry, when it has an absolute one.
std::optional<std::filesystem::path> account_home(uid_t uid);

// The uid of login name `name`, when the system knows it.
std::optional<uid_t> uid_of(const std::string& name);

// The gid of group `name` (the group database), when the system knows it.
std::optional<gid_t> gid_of(const std::string& name);

// The uids of the users the group database lists as members of group `name` (supplementary
// membership, as `usermod -aG` adds it); empty when there is no such group.
std::vector<uid_t> member_uids(const std::string& name);

}  // namespace screentime::adapters
