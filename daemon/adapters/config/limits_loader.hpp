#pragma once
// Reads the system role's limits file (/etc/screentime/limits.toml) into core::LimitsFile,
// collecting every problem with its place in the file. A file with any error is not used: the
// caller keeps the limits it had in force (fail closed), never "no limits".

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/core/limits.hpp"

namespace screentime::adapters {

struct LimitsLoad {
  core::LimitsFile limits;                 // valid only when errors is empty
  std::vector<ConfigDiagnostic> errors;    // any error: the file is not used
  std::vector<ConfigDiagnostic> warnings;  // e.g. unknown keys: reported, file still used
  std::string text;                        // what load_limits_file() read (for a kept copy)

  bool ok() const { return errors.empty(); }
};

// `origin` names the text in diagnostics (the file's path).
LimitsLoad parse_limits(std::string_view text, const std::string& origin);
// Refuses, without reading it, anything but a regular file of at most 1 MiB (bounded_file.hpp).
LimitsLoad load_limits_file(const std::filesystem::path& path);

}  // namespace screentime::adapters
