#pragma once
// Reads the TOML config into core::Config, collecting every problem with its place in the
// file. A file with any error is rejected whole: the caller keeps its last good config.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/config.hpp"

namespace screentime::adapters {

struct ConfigDiagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem has no place (the file cannot be read)
  int column = 0;
  std::string message;

  // "file:line:column: message", the form editors and compilers use.
  std::string to_string() const;
};

struct ConfigLoad {
  core::Config config;                     // valid only when errors is empty
  std::vector<ConfigDiagnostic> errors;    // any error: the file is not used
  std::vector<ConfigDiagnostic> warnings;  // e.g. unknown keys: reported, file still used

  bool ok() const { return errors.empty(); }
};

// `origin` names the text in diagnostics (the file's path).
ConfigLoad parse_config(std::string_view text, const std::string& origin);
ConfigLoad load_config_file(const std::filesystem::path& path);

// The whole of a text file; nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace screentime::adapters
