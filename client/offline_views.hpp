#pragma once
// The usage views with screentimed stopped: their figures read from the history file.

#include <filesystem>
#include <functional>
#include <optional>

#include "client/read_source.hpp"

namespace screentime::client {

// Where the daemon looks for its config and keeps its history by default: the user's XDG
// folders, resolved from the environment in main.
struct UserFolders {
  std::optional<std::filesystem::path> config_home;
  std::optional<std::filesystem::path> state_home;
};

// Runs `view` on the history file the daemon would use, read-only, after one line on stderr
// saying where the figures come from.
int run_offline(const UserFolders& folders, const std::function<int(ReadSource&)>& view);

}  // namespace screentime::client
