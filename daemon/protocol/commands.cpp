#include "daemon/protocol/commands.hpp"

#include <array>

namespace screentime::protocol {
namespace {

constexpr std::array<CommandInfo, 11> kCommands = {{
    {"status", Permission::owner, false},
    {"usage", Permission::owner, false},
    {"config.get", Permission::owner, false},
    {"config.check", Permission::owner, false},
    {"reload", Permission::owner, true},
    {"subscribe", Permission::owner, false},
    {"forget", Permission::owner, true},
    {"break", Permission::owner, false},
    {"pause", Permission::owner, false},
    {"resume", Permission::owner, false},
    {"breaks", Permission::owner, false},
}};

}  // namespace

std::span<const CommandInfo> command_table() { return kCommands; }

const CommandInfo* find_command(std::string_view name) {
  for (const CommandInfo& command : kCommands) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace screentime::protocol
