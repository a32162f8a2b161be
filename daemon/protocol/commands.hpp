#pragma once
// The command table: every request the daemon answers, with who may send it. The daemon maps
// each name to its handler; a unit test checks each is documented in docs/protocol.md.

#include <span>
#include <string_view>

namespace screentime::protocol {

enum class Permission {
  owner,  // the user the daemon accounts (or root): reads and changes their own data
  admin,  // root only (the system role's settings)
};

struct CommandInfo {
  std::string_view name;
  Permission permission;
  bool changes_data;  // forget, reload: refused to others even in the system role
};

std::span<const CommandInfo> command_table();
const CommandInfo* find_command(std::string_view name);

}  // namespace screentime::protocol
