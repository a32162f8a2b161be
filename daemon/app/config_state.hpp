#pragma once
// The config in force and where it came from, as status and config.get report it.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/core/config.hpp"

namespace screentime::app {

struct ConfigState {
  core::Config config;
  std::optional<std::filesystem::path> file;  // the file read (or tried); none: defaults
  // "file", "defaults" (no file), "defaults-after-error" (start-up with a broken file),
  // "last-good" (a reload failed and the previous config stayed)
  std::string in_force = "defaults";
  std::vector<adapters::ConfigDiagnostic> errors;  // of the last attempt, if it failed
};

}  // namespace screentime::app
