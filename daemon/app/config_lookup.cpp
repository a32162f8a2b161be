#include "daemon/app/config_lookup.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace screentime::app {
namespace {

std::optional<std::filesystem::path> user_config_dir() {
  // The XDG Base Directory spec ignores relative values.
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && xdg[0] == '/') return xdg;
  if (const char* home = std::getenv("HOME"); home && home[0] == '/') {
    return std::filesystem::path(home) / ".config";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::filesystem::path> find_config_file(
    const std::optional<std::filesystem::path>& explicit_file) {
  if (explicit_file) return explicit_file;
  std::error_code ignored;
  if (const auto dir = user_config_dir()) {
    auto file = *dir / "screentime" / "config.toml";
    if (std::filesystem::exists(file, ignored)) return file;
  }
  std::filesystem::path system_file = "/etc/xdg/screentime/config.toml";
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
