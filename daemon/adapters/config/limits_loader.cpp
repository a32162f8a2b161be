#include "daemon/adapters/config/limits_loader.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

#include "daemon/adapters/config/bounded_file.hpp"
#include "daemon/adapters/config/limits_diagnostics.hpp"
#include "daemon/adapters/config/limits_layer.hpp"
#include "daemon/adapters/config/limits_values.hpp"

namespace screentime::adapters {
namespace {

void read_general(const toml::node& node, core::LimitsFile& limits,
                  LimitsDiagnostics& diagnostics) {
  const toml::table* table = node.as_table();
  if (!table) {
    diagnostics.expected(node, "general", "a [general] table");
    return;
  }
  for (const auto& [name, value] : *table) {
    const std::string key = key_path("general", name.str());
    if (name.str() == "session_types") {
      if (auto types = read_session_types(value, key, diagnostics)) {
        limits.session_types = std::move(*types);
      }
    } else if (name.str() == "count_remote") {
      limits.count_remote = read_bool(value, key, diagnostics).value_or(limits.count_remote);
    } else if (name.str() == "admin_group") {
      limits.admin_group = read_group_name(value, key, diagnostics).value_or(limits.admin_group);
    } else if (name.str() == "request_command") {
      if (auto command = read_command(value, key, diagnostics)) {
        limits.request_command = std::move(*command);
      }
    } else if (name.str() == "request_command_user") {
      limits.request_command_user =
          read_user_name(value, key, diagnostics).value_or(limits.request_command_user);
    } else {
      diagnostics.unknown_key(value, key);
    }
  }
}

LimitsLayer read_defaults(const toml::table& root, LimitsDiagnostics& diagnostics) {
  const toml::node* node = root.get("defaults");
  if (!node) return {};
  if (const toml::table* table = node->as_table()) {
    return read_limits_layer(*table, "defaults", diagnostics);
  }
  diagnostics.expected(*node, "defaults", "a [defaults] table");
  return {};
}

// A user is named by a login name or a uid; the daemon, which can ask the system, resolves it.
void read_users(const toml::node& node, const LimitsLayer& defaults, core::LimitsFile& limits,
                LimitsDiagnostics& diagnostics) {
  const toml::table* users = node.as_table();
  if (!users) {
    diagnostics.expected(node, "user", "a [user.NAME] table for each limited user");
    return;
  }
  for (const auto& [name, value] : *users) {
    const std::string key = key_path("user", name.str());
    if (!is_login_name(name.str()) && !is_uid(name.str())) {
      diagnostics.error(name.source(),
                        "user: expected a login name (a-z, 0-9, \"_\" and \"-\", up to 32 "
                        "characters) or a uid, got \"" +
                            std::string(name.str()) + "\"");
    } else if (const toml::table* table = value.as_table()) {
      limits.users.emplace(name.str(),
                           resolve_limits(read_limits_layer(*table, key, diagnostics), defaults));
    } else {
      diagnostics.expected(value, key, "a table of limits, such as [" + key + "]");
    }
  }
}

}  // namespace

LimitsLoad parse_limits(std::string_view text, const std::string& origin) {
  LimitsLoad load;
  const auto root = parse_toml(text, origin, load.errors);
  if (!root) return load;
  LimitsDiagnostics diagnostics(origin, load.errors, load.warnings);
  const LimitsLayer defaults = read_defaults(*root, diagnostics);
  for (const auto& [name, node] : *root) {
    if (name.str() == "general") {
      read_general(node, load.limits, diagnostics);
    } else if (name.str() == "user") {
      read_users(node, defaults, load.limits, diagnostics);
    } else if (name.str() != "defaults") {
      diagnostics.warning(node.source(),
                          "unknown section [" + std::string(name.str()) + "], ignoring");
    }
  }
  // toml++ keeps tables sorted by key; report in the order the file reads.
  const auto by_place = [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  };
  std::stable_sort(load.errors.begin(), load.errors.end(), by_place);
  std::stable_sort(load.warnings.begin(), load.warnings.end(), by_place);
  cap_diagnostics(load.errors, origin, "errors");
  cap_diagnostics(load.warnings, origin, "warnings");
  return load;
}

LimitsLoad load_limits_file(const std::filesystem::path& path) {
  std::string reason;
  const auto text = read_bounded_file(path, reason);
  if (!text) {
    LimitsLoad load;
    load.errors.push_back({path.string(), 0, 0, reason});
    return load;
  }
  LimitsLoad load = parse_limits(*text, path.string());
  load.text = *text;
  return load;
}

}  // namespace screentime::adapters
