#pragma once
// Which config file the daemon reads, and what it falls back to when that file is broken.

#include <filesystem>
#include <optional>
#include <string>

#include "daemon/adapters/config/config_loader.hpp"

namespace screentime::app {

// The system-wide config: /etc/xdg/screentime/config.toml for a /usr install (a package);
// under the install prefix's sysconfdir otherwise.
inline constexpr const char* kSystemConfigFile = SCREENTIME_SYSTEM_CONFIG;

// The first of: `explicit_file`, `config_home` ($XDG_CONFIG_HOME, default
// ~/.config)/screentime/config.toml, kSystemConfigFile. Empty when none exists: built-in
// defaults.
std::optional<std::filesystem::path> find_config_file(
    const std::optional<std::filesystem::path>& explicit_file,
    const std::optional<std::filesystem::path>& config_home);

// Loads `file` (or nothing) and logs every diagnostic. When it has errors, `fallback` stays
// in force and the log says so; returns the config to use and whether `file` was taken.
struct ConfigChoice {
  core::Config config;
  bool loaded = false;
  std::vector<adapters::ConfigDiagnostic> errors;
};
ConfigChoice load_config_or_keep(const std::optional<std::filesystem::path>& file,
                                 const core::Config& fallback, const std::string& fallback_name);

}  // namespace screentime::app
