#pragma once
// screentimectl's command table as plain data: every subcommand with its options and
// positionals, read from the CLI11 definition itself. The shell completions and the man page
// check are made from it, so a command added to main.cpp is completed and checked at once.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace screentime::client {

// What a value is, for completing it.
enum class ValueKind { kNone, kText, kChoice, kFile, kUser };

struct CommandOption {
  std::vector<std::string> names;      // "-y", "--yes"
  ValueKind value = ValueKind::kNone;  // kNone: a flag
  std::vector<std::string> choices;    // kChoice
  std::string help;
};

struct CommandPositional {
  std::string name;
  ValueKind value = ValueKind::kText;
  std::vector<std::string> choices;
  std::string help;
  bool required = false;
};

struct CommandNode {
  std::string name;  // the program's name at the root
  std::string help;
  std::vector<CommandOption> options;
  std::vector<CommandPositional> positionals;
  std::vector<CommandNode> subcommands;
};

// The type name "FILE" or "USER" (set with CLI::Option::type_name) marks a file or a login
// name; a set the value must be in (CLI::IsMember) gives the choices. Hidden options (no group)
// are left out.
CommandNode command_tree(const CLI::App& app);

}  // namespace screentime::client
