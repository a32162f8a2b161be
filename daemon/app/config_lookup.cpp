#include "daemon/app/config_lookup.hpp"

#include <spdlog/spdlog.h>

namespace screentime::app {
std::optional<std::filesystem::path> find_config_file(
    const std::optional<std::filesystem::path>& explicit_file,
    const std::optional<std::filesystem::path>& config_home) {
  if (explicit_file) return explicit_file;
  std::error_code ignored;
  if (config_home) {
    auto file = *config_home / "screentime" / "config.toml";
    if (std::filesystem::exists(file, ignored)) return file;
  }
  std::filesystem::path system_file = kSystemConfigFile;
  if (std::filesystem::exists(system_file, ignored)) return system_file;
  return std::nullopt;
}

ConfigChoice load_config_or_keep(const std::optional<std::filesystem::path>& file,
                                 const core::Config& fallback, const std::string& fallback_name) {
  if (!file) {
    spdlog::info("no config file found, using the built-in defaults");
    return {core::Config{}, true, {}};
  }
  auto load = adapters::load_config_file(*file);
  for (const auto& warning : load.warnings) spdlog::warn("{}", warning.to_string());
  for (const auto& error : load.errors) spdlog::error("{}", error.to_string());
  if (!load.ok()) {
    spdlog::error("config \"{}\" has {} error(s), keeping {}", file->string(), load.errors.size(),
                  fallback_name);
    return {fallback, false, std::move(load.errors)};
  }
  spdlog::info("config loaded from \"{}\"", file->string());
  return {std::move(load.config), true, {}};
}

}  // namespace screentime::app
