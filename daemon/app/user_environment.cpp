#include "daemon/app/user_environment.hpp"

#include "daemon/adapters/config/resource_catalog_loader.hpp"

namespace screentime::app {
namespace {

std::optional<std::filesystem::path> absolute(const std::string& value) {
  if (value.empty() || value.front() != '/') return std::nullopt;
  return std::filesystem::path(value);
}

std::optional<std::filesystem::path> xdg_folder(const std::string& value,
                                                const std::optional<std::filesystem::path>& home,
                                                const char* below_home) {
  if (auto folder = absolute(value)) return folder;
  if (home) return *home / below_home;
  return std::nullopt;
}

}  // namespace

UserEnvironment resolve_user_environment(const EnvironmentVariables& variables,
                                         const std::optional<std::filesystem::path>& account_home) {
  const auto home = absolute(variables.home) ? absolute(variables.home) : account_home;
  UserEnvironment environment;
  environment.config_home = xdg_folder(variables.xdg_config_home, home, ".config");
  environment.data_home = xdg_folder(variables.xdg_data_home, home, ".local/share");
  environment.state_home = xdg_folder(variables.xdg_state_home, home, ".local/state");
  environment.runtime_dir = variables.xdg_runtime_dir;
  environment.session_id = variables.xdg_session_id;
  environment.session.x11_display = variables.display;
  environment.session.wayland_display = variables.wayland_display;
  environment.languages = i18n::preferred_languages(variables.locale);
  environment.resource_dirs =
      adapters::resource_catalog_dirs(variables.resources_dir, environment.data_home);
  return environment;
}

}  // namespace screentime::app
