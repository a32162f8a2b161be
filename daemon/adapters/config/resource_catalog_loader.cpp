#include "daemon/adapters/config/resource_catalog_loader.hpp"

#include <algorithm>
#include <set>

#include "daemon/adapters/config/bounded_file.hpp"
#include "daemon/adapters/config/toml_diagnostics.hpp"

namespace screentime::adapters {
namespace {

// Reads one [[resource]] table; false (with errors added) when it cannot be used.
bool read_entry(const toml::table& entry, const std::string& origin, core::Resource& resource,
                ResourceCatalogLoad& load) {
  bool usable = true;
  const auto error = [&](const toml::node& node, std::string message) {
    load.errors.push_back(at(origin, node.source(), std::move(message)));
    usable = false;
  };
  const auto text = [&](std::string_view key, std::string& target) {
    const toml::node* node = entry.get(key);
    const auto value = node ? node->value<std::string>() : std::nullopt;
    if (!value || value->empty()) {
      error(node ? *node : entry, std::string(key) + ": expected a non-empty string");
    } else {
      target = *value;
    }
    return node;
  };
  text("id", resource.id);
  text("title", resource.title);
  if (const auto* node = text("description", resource.description);
      node && resource.description.find('\n') != std::string::npos) {
    error(*node, "description: expected one line");
  }
  if (const auto* node = text("url", resource.url); node && !resource.url.starts_with("https://")) {
    error(*node, "url: expected an https:// address, got \"" + resource.url + "\"");
  }
  if (const auto* node = text("category", resource.category);
      node && !resource.category.empty() && !core::is_resource_category(resource.category)) {
    error(*node, "category: unknown category \"" + resource.category + "\"");
  }
  const toml::array* moments = entry["moments"].as_array();
  if (!moments) {
    error(entry.get("moments") ? *entry.get("moments") : entry,
          "moments: expected an array of moment names");
  } else {
    for (const toml::node& moment : *moments) {
      const auto name = moment.value<std::string>();
      if (!name || !core::parse_resource_moment(*name)) {
        error(moment, "moments: unknown moment " + (name ? "\"" + *name + "\"" : "(not a string)"));
      } else {
        resource.moments.push_back(*name);
      }
    }
  }
  static constexpr std::string_view kKeys[] = {"id",  "title",    "description",
                                               "url", "category", "moments"};
  for (const auto& [key, value] : entry) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key.str()) == std::end(kKeys)) {
      load.warnings.push_back(
          at(origin, value.source(), "unknown key " + std::string(key.str()) + ", ignoring"));
    }
  }
  return usable;
}

}  // namespace

ResourceCatalogLoad parse_resource_catalog(std::string_view text, const std::string& origin) {
  ResourceCatalogLoad load;
  const auto root = parse_toml(text, origin, load.errors);
  if (!root) return load;
  const toml::array* entries = (*root)["resource"].as_array();
  if (!entries) {
    load.errors.push_back({origin, 1, 1, "expected [[resource]] tables"});
    return load;
  }
  std::set<std::string> ids;
  for (const toml::node& node : *entries) {
    const toml::table* entry = node.as_table();
    core::Resource resource;
    if (!entry) {
      load.errors.push_back(at(origin, node.source(), "resource: expected a table"));
    } else if (read_entry(*entry, origin, resource, load)) {
      if (ids.insert(resource.id).second) {
        load.resources.push_back(std::move(resource));
      } else {
        load.errors.push_back(
            at(origin, entry->source(), "id: \"" + resource.id + "\" is already used above"));
      }
    }
  }
  cap_diagnostics(load.errors, origin, "errors");
  cap_diagnostics(load.warnings, origin, "warnings");
  return load;
}

ResourceCatalogLoad load_resource_catalog(const std::filesystem::path& path) {
  std::string reason;
  const auto text = read_bounded_file(path, reason);
  if (!text) {
    ResourceCatalogLoad load;
    load.errors.push_back({path.string(), 0, 0, reason});
    return load;
  }
  return parse_resource_catalog(*text, path.string());
}

std::vector<std::filesystem::path> resource_catalog_dirs(
    const std::filesystem::path& first, const std::optional<std::filesystem::path>& data_home) {
  std::vector<std::filesystem::path> dirs;
  if (!first.empty()) dirs.push_back(first);
  if (data_home) dirs.push_back(*data_home / "screentime/resources");
  dirs.emplace_back(SCREENTIME_INSTALLED_RESOURCES_DIR);
#ifdef SCREENTIME_SOURCE_RESOURCES_DIR
  dirs.emplace_back(SCREENTIME_SOURCE_RESOURCES_DIR);
#endif
  return dirs;
}

std::optional<std::filesystem::path> find_resource_catalog(
    std::vector<std::string> languages, const std::vector<std::filesystem::path>& dirs) {
  if (languages.empty() || languages.back() != "en") languages.emplace_back("en");
  // The language decides before the folder: a user's own English file must not hide the
  // installed Swedish one from a Swedish user.
  for (const std::string& wanted : languages) {
    for (const auto& dir : dirs) {
      std::error_code error;
      const auto file = dir / (wanted + ".toml");
      if (std::filesystem::is_regular_file(file, error)) return file;
    }
  }
  return std::nullopt;
}

}  // namespace screentime::adapters
