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

// A diagnostic quotes what the file says (a value, a key): a hostile file's 50 MB value must
// reach neither the log nor `config check` whole. Longer messages are cut to this many bytes,
// never inside a UTF-8 sequence, and end with "…".
inline constexpr std::size_t kMaxDiagnosticBytes = 200;
// At most this many errors and as many warnings are kept of one file, then "… and N more".
inline constexpr std::size_t kMaxDiagnostics = 50;

inline std::string cut_to_length(std::string text) {
  if (text.size() <= kMaxDiagnosticBytes) return text;
  std::size_t end = kMaxDiagnosticBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "…";
}

inline ConfigDiagnostic at(const std::string& origin, const toml::source_region& where,
                           std::string message) {
  return {origin, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
          cut_to_length(std::move(message))};
}

// Keeps the first kMaxDiagnostics of `list` (in file order) and counts the rest in one more.
inline void cap_diagnostics(std::vector<ConfigDiagnostic>& list, const std::string& origin,
                            std::string_view kind) {
  if (list.size() <= kMaxDiagnostics) return;
  const std::size_t more = list.size() - kMaxDiagnostics;
  list.resize(kMaxDiagnostics);
  list.shrink_to_fit();
  list.push_back({origin, 0, 0, "… and " + std::to_string(more) + " more " + std::string(kind)});
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
