#pragma once
// Collects what is wrong in a limits file, each problem at its place in the file. Private to
// adapters/config.

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/adapters/config/toml_diagnostics.hpp"

namespace screentime::adapters {

class LimitsDiagnostics {
 public:
  LimitsDiagnostics(const std::string& origin, std::vector<ConfigDiagnostic>& errors,
                    std::vector<ConfigDiagnostic>& warnings)
      : origin_(origin), errors_(errors), warnings_(warnings) {}

  void error(const toml::source_region& where, std::string message) {
    errors_.push_back(at(origin_, where, std::move(message)));
  }
  // "key: expected <what>, got <value>", at the value.
  void expected(const toml::node& value, const std::string& key, std::string_view what) {
    error(value.source(), key + ": expected " + std::string(what) + ", got " + describe(value));
  }
  void warning(const toml::source_region& where, std::string message) {
    warnings_.push_back(at(origin_, where, std::move(message)));
  }
  void unknown_key(const toml::node& value, const std::string& key) {
    warning(value.source(), "unknown key " + key + ", ignoring");
  }

 private:
  const std::string& origin_;
  std::vector<ConfigDiagnostic>& errors_;
  std::vector<ConfigDiagnostic>& warnings_;
};

}  // namespace screentime::adapters
