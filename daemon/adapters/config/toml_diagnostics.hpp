#pragma once
// What the TOML readers (config, limits, resource catalogs) share: parsing with the syntax error
// as a located diagnostic, placing a diagnostic at a node, quoting a value. Private to
// adapters/config.

#include <toml++/toml.h>

#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/config/config_loader.hpp"

namespace screentime::adapters {

inline ConfigDiagnostic at(const std::string& origin, const toml::source_region& where,
                           std::string message) {
  return {origin, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
          std::move(message)};
}

// A value as a diagnostic quotes it after "got": strings quoted, tables and arrays by kind.
inline std::string describe(const toml::node& node) {
  std::ostringstream out;
  node.visit([&out](const auto& value) {
    if constexpr (toml::is_table<decltype(value)>) {
      out << "a table";
    } else if constexpr (toml::is_array<decltype(value)>) {
      out << "an array";
    } else if constexpr (toml::is_string<decltype(value)>) {
      out << '"' << value.get() << '"';
    } else {
      out << value;
    }
  });
  return out.str();
}

// The document, or nullopt with its syntax error added to `errors`: toml++ stops at the first
// one, so only semantic errors can be gathered in one pass.
inline std::optional<toml::table> parse_toml(std::string_view text, const std::string& origin,
                                             std::vector<ConfigDiagnostic>& errors) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& error) {
    errors.push_back(at(origin, error.source(), std::string(error.description())));
    return std::nullopt;
  }
}

}  // namespace screentime::adapters
