#include "daemon/adapters/config/config_loader.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <tuple>

#include "daemon/adapters/config/bounded_file.hpp"
#include "daemon/adapters/config/toml_diagnostics.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"

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
  const auto parsed = text ? protocol::parse_duration(*text) : std::nullopt;
  if (!parsed) return false;
  target = *parsed;
  return true;
}

bool store_bool(const toml::node& node, bool& target) {
  const auto value = node.value<bool>();
  if (value) target = *value;
  return value.has_value();
}

bool store_count(const toml::node& node, int& target, int at_least, int at_most) {
  const auto value = node.value<std::int64_t>();
  if (!value || *value < at_least || *value > at_most) return false;
  target = static_cast<int>(*value);
  return true;
}

bool store_duration_at_least(const toml::node& node, core::Duration& target,
                             core::Duration at_least) {
  core::Duration value{};
  if (!store_duration(node, value) || value < at_least) return false;
  target = value;
  return true;
}

// The keys of [breaks.eye] and [breaks.movement], alike but for the rule they set.
void add_break_rule_keys(std::vector<Key>& table, std::string_view section,
                         core::BreakRule core::BreakSettings::*rule) {
  using std::chrono::seconds;
  table.push_back(
      {section, "enabled", "true or false", [rule](const toml::node& node, core::Config& config) {
         return store_bool(node, (config.breaks.*rule).enabled);
       }});
  table.push_back({section, "every", "a duration of at least 2s, such as \"20m\"",
                   [rule](const toml::node& node, core::Config& config) {
                     return store_duration_at_least(node, (config.breaks.*rule).every, seconds{2});
                   }});
  table.push_back({section, "length", "a duration of at least 2s, such as \"20s\"",
                   [rule](const toml::node& node, core::Config& config) {
                     return store_duration_at_least(node, (config.breaks.*rule).length, seconds{2});
                   }});
  table.push_back({section, "notice", "a duration such as \"1m\" (\"0s\": no notice)",
                   [rule](const toml::node& node, core::Config& config) {
                     return store_duration(node, (config.breaks.*rule).notice);
                   }});
}

std::vector<Key> break_keys() {
  std::vector<Key> table = {
      {"breaks", "snooze", "a duration of at least 5s, such as \"5m\"",
       [](const toml::node& node, core::Config& config) {
         return store_duration_at_least(node, config.breaks.snooze, std::chrono::seconds{5});
       }},
      {"breaks", "max_snoozes", "a whole number from 0 to 10",
       [](const toml::node& node, core::Config& config) {
         return store_count(node, config.breaks.max_snoozes, 0, 10);
       }},
      {"breaks", "min_gap", "a duration such as \"2m\"",
       [](const toml::node& node, core::Config& config) {
         return store_duration(node, config.breaks.min_gap);
       }},
      {"breaks", "nag_after", "a whole number from 0 (never) to 100",
       [](const toml::node& node, core::Config& config) {
         return store_count(node, config.breaks.nag_after, 0, 100);
       }},
      {"goal", "enabled", "true or false",
       [](const toml::node& node, core::Config& config) {
         return store_bool(node, config.breaks.goal_enabled);
       }},
      {"goal", "daily", "a duration of at least 1m, such as \"4h\"",
       [](const toml::node& node, core::Config& config) {
         return store_duration_at_least(node, config.breaks.daily_goal, std::chrono::minutes{1});
       }},
      {"report", "weekly_notice", "true or false",
       [](const toml::node& node, core::Config& config) {
         return store_bool(node, config.weekly_notice);
       }},
  };
  add_break_rule_keys(table, "breaks.eye", &core::BreakSettings::eye);
  add_break_rule_keys(table, "breaks.movement", &core::BreakSettings::movement);
  return table;
}

const std::vector<Key>& keys() {
  static std::vector<Key> table = {
      {"general", "day_starts_at", "a time of day such as \"04:00\"",
       [](const toml::node& node, core::Config& config) {
         const auto text = node.value<std::string>();
         const auto parsed = text ? protocol::parse_time_of_day(*text) : std::nullopt;
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
  static const bool with_breaks = [] {
    auto breaks = break_keys();
    table.insert(table.end(), breaks.begin(), breaks.end());
    return true;
  }();
  (void)with_breaks;
  return table;
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

// Reads the keys of section `name` by the table above; a known sub-section ("breaks.eye"
// inside "breaks") is read in turn.
void read_section(const std::string& name, const toml::table& section, const std::string& origin,
                  ConfigLoad& load) {
  for (const auto& [key_name, value] : section) {
    const std::string dotted = name + "." + std::string(key_name.str());
    if (value.is_table() && known_table(dotted)) {
      read_section(dotted, *value.as_table(), origin, load);
      continue;
    }
    const Key* key = find_key(name, key_name.str());
    if (!key) {
      load.warnings.push_back(at(origin, value.source(), "unknown key " + dotted + ", ignoring"));
    } else if (!key->store(value, load.config)) {
      load.errors.push_back(
          at(origin, value.source(),
             dotted + ": expected " + std::string(key->expected) + ", got " + describe(value)));
    }
  }
}

void read_sections(const toml::table& root, const std::string& origin, ConfigLoad& load) {
  for (const auto& [section_key, section_node] : root) {
    const std::string name(section_key.str());
    if (!known_table(name)) {
      load.warnings.push_back(
          at(origin, section_node.source(), "unknown section [" + name + "], ignoring"));
    } else if (const toml::table* section = section_node.as_table()) {
      read_section(name, *section, origin, load);
    } else {
      load.errors.push_back(
          at(origin, section_node.source(), name + ": expected a [" + name + "] section"));
    }
  }
}

}  // namespace

std::string ConfigDiagnostic::to_string() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

ConfigLoad parse_config(std::string_view text, const std::string& origin) {
  ConfigLoad load;
  const auto root = parse_toml(text, origin, load.errors);
  if (!root) return load;
  read_sections(*root, origin, load);
  // toml++ keeps tables sorted by key; report in the order the file reads.
  const auto by_place = [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  };
  std::sort(load.errors.begin(), load.errors.end(), by_place);
  std::sort(load.warnings.begin(), load.warnings.end(), by_place);
  cap_diagnostics(load.errors, origin, "errors");
  cap_diagnostics(load.warnings, origin, "warnings");
  return load;
}

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::string reason;
  return read_bounded_file(path, reason);
}

ConfigLoad load_config_file(const std::filesystem::path& path) {
  std::string reason;
  const auto text = read_bounded_file(path, reason);
  if (!text) {
    ConfigLoad load;
    load.errors.push_back({path.string(), 0, 0, reason});
    return load;
  }
  return parse_config(*text, path.string());
}

}  // namespace screentime::adapters
