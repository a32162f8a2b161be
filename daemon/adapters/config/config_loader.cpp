#include "daemon/adapters/config/config_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <tuple>

#include "daemon/core/duration_text.hpp"
#include "daemon/core/iso8601.hpp"

namespace screentime::adapters {
namespace {

// One settable key: where it lives, what it expects, and how it is stored.
struct Key {
  std::string_view table;
  std::string_view name;
  std::string_view expected;  // completes "expected ..."
  // Stores the value; false when the value does not fit.
  std::function<bool(const toml::node&, core::Config&)> store;
};

bool store_duration(const toml::node& node, core::Duration& target) {
  const auto text = node.value<std::string>();
  const auto parsed = text ? core::parse_duration(*text) : std::nullopt;
  if (!parsed) return false;
  target = *parsed;
  return true;
}

const std::vector<Key>& keys() {
  static const std::vector<Key> table = {
      {"general", "day_starts_at", "a time of day such as \"04:00\"",
       [](const toml::node& node, core::Config& config) {
         const auto text = node.value<std::string>();
         const auto parsed = text ? core::parse_time_of_day(*text) : std::nullopt;
         if (parsed) config.day_start = *parsed;
         return parsed.has_value();
       }},
      {"history", "database", "a file path, or \"\" for the default",
       [](const toml::node& node, core::Config& config) {
         const auto text = node.value<std::string>();
         if (text) config.database = *text;
         return text.has_value();
       }},
      {"history", "checkpoint_interval", "a duration such as \"5m\" (\"0s\": only on changes)",
       [](const toml::node& node, core::Config& config) {
         return store_duration(node, config.checkpoint_interval);
       }},
      {"history", "retention", "\"forever\" or a duration of at least a day, such as \"365d\"",
       [](const toml::node& node, core::Config& config) {
         const auto text = node.value<std::string>();
         if (text == "forever") {
           config.retention.reset();
           return true;
         }
         core::Duration kept{};
         if (!store_duration(node, kept) || kept < std::chrono::hours{24}) return false;
         config.retention = kept;
         return true;
       }},
      {"activity", "source",
       "one of \"auto\", \"wayland\", \"x11\", \"gnome\", \"screensaver\", \"logind\", "
       "\"none\"",
       [](const toml::node& node, core::Config& config) {
         static constexpr std::string_view kSources[] = {"auto",        "wayland", "x11", "gnome",
                                                         "screensaver", "logind",  "none"};
         const auto text = node.value<std::string>();
         if (!text) return false;
         for (std::string_view known : kSources) {
           if (*text == known) {
             config.activity_source = *text;
             return true;
           }
         }
         return false;
       }},
      {"activity", "idle_threshold", "a duration of at least 1s, such as \"5m\"",
       [](const toml::node& node, core::Config& config) {
         core::Duration threshold{};
         if (!store_duration(node, threshold) || threshold < std::chrono::seconds{1}) {
           return false;
         }
         config.idle_threshold = threshold;
         return true;
       }},
      {"activity", "inhibitor_cap", "a duration such as \"3h\"",
       [](const toml::node& node, core::Config& config) {
         return store_duration(node, config.inhibitor_cap);
       }},
  };
  return table;
}

ConfigDiagnostic at(const std::string& origin, const toml::source_region& where,
                    std::string message) {
  return {origin, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
          std::move(message)};
}

std::string describe(const toml::node& node) {
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

const Key* find_key(std::string_view table, std::string_view name) {
  for (const Key& key : keys()) {
    if (key.table == table && key.name == name) return &key;
  }
  return nullptr;
}

bool known_table(std::string_view table) {
  for (const Key& key : keys()) {
    if (key.table == table) return true;
  }
  return false;
}

}  // namespace

std::string ConfigDiagnostic::to_string() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

ConfigLoad parse_config(std::string_view text, const std::string& origin) {
  ConfigLoad load;
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& error) {
    // toml++ stops at the first syntax error; every semantic error is collected below.
    load.errors.push_back(at(origin, error.source(), std::string(error.description())));
    return load;
  }
  for (const auto& [table_name, table_node] : root) {
    if (!known_table(table_name.str())) {
      load.warnings.push_back(
          at(origin, table_node.source(),
             "unknown section [" + std::string(table_name.str()) + "], ignoring"));
      continue;
    }
    const toml::table* table = table_node.as_table();
    if (!table) {
      load.errors.push_back(at(origin, table_node.source(),
                               std::string(table_name.str()) + ": expected a [" +
                                   std::string(table_name.str()) + "] section"));
      continue;
    }
    for (const auto& [key_name, value] : *table) {
      const Key* key = find_key(table_name.str(), key_name.str());
      const std::string dotted = std::string(table_name.str()) + "." + std::string(key_name.str());
      if (!key) {
        load.warnings.push_back(at(origin, value.source(), "unknown key " + dotted + ", ignoring"));
      } else if (!key->store(value, load.config)) {
        load.errors.push_back(
            at(origin, value.source(),
               dotted + ": expected " + std::string(key->expected) + ", got " + describe(value)));
      }
    }
  }
  // toml++ keeps tables sorted by key; report in the order the file reads.
  const auto by_place = [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  };
  std::sort(load.errors.begin(), load.errors.end(), by_place);
  std::sort(load.warnings.begin(), load.warnings.end(), by_place);
  return load;
}

ConfigLoad load_config_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ConfigLoad load;
    load.errors.push_back({path.string(), 0, 0, "cannot be read"});
    return load;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_config(text.str(), path.string());
}

}  // namespace screentime::adapters
