#pragma once
// UserEnvironment: what one user's daemon needs to know of that user's world (their folders,
// displays, login session and languages). The process environment is read once, in main,
// into EnvironmentVariables; resolve_user_environment() applies the XDG rules to it, and
// everything below main gets the result, never the environment. The system role will fill
// the same struct per user from logind and the passwd entry.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/input_source_order.hpp"
#include "daemon/i18n/languages.hpp"

namespace screentime::app {

// The variables as main found them ("" when unset).
struct EnvironmentVariables {
  std::string home;             // $HOME
  std::string xdg_config_home;  // $XDG_CONFIG_HOME
  std::string xdg_data_home;    // $XDG_DATA_HOME
  std::string xdg_state_home;   // $XDG_STATE_HOME
  std::string xdg_runtime_dir;  // $XDG_RUNTIME_DIR
  std::string xdg_session_id;   // $XDG_SESSION_ID
  std::string display;          // $DISPLAY
  std::string wayland_display;  // $WAYLAND_DISPLAY
  std::string resources_dir;    // $SCREENTIME_RESOURCES_DIR: a catalog folder searched first
  i18n::LocaleVariables locale;
};

struct UserEnvironment {
  // Absolute folders, or nullopt when there is no home to put them in.
  std::optional<std::filesystem::path> config_home;  // $XDG_CONFIG_HOME, else ~/.config
  std::optional<std::filesystem::path> data_home;    // $XDG_DATA_HOME, else ~/.local/share
  std::optional<std::filesystem::path> state_home;   // $XDG_STATE_HOME, else ~/.local/state
  std::string runtime_dir;             // $XDG_RUNTIME_DIR as given: the socket's rules judge it
  std::string session_id;              // the logind session to follow first ("" to look for one)
  core::GraphicalSession session;      // the displays
  std::vector<std::string> languages;  // most wanted first, ending with "en"
  // Where wellbeing resource catalogs are looked for, first match per language wins.
  std::vector<std::filesystem::path> resource_dirs;
};

// Relative XDG values are ignored, as the XDG Base Directory spec says; without an absolute
// $HOME, `account_home` (the passwd entry's) stands in for it.
UserEnvironment resolve_user_environment(const EnvironmentVariables& variables,
                                         const std::optional<std::filesystem::path>& account_home);

}  // namespace screentime::app
