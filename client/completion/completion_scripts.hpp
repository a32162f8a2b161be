#pragma once
// Shell completions for screentimectl, written from its command table (command_tree.hpp):
// every subcommand, option and positional, the choices a value may take, files and login
// names. Each script is self-contained and needs no completion framework beyond the shell's
// own (bash-completion is not required).

#include <string>

#include "client/completion/command_tree.hpp"

namespace screentime::client {

std::string bash_completion(const CommandNode& root);
std::string zsh_completion(const CommandNode& root);
std::string fish_completion(const CommandNode& root);
// The table itself, for other tools and for the check that the man page documents it.
std::string command_tree_json(const CommandNode& root);

}  // namespace screentime::client
