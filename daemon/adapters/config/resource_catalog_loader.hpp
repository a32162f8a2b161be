#pragma once
// Reads a wellbeing resource catalog (config/resources/<language>.toml) into core::Resource
// values, and finds the catalog for the user's language.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/core/resources.hpp"

namespace screentime::adapters {

struct ResourceCatalogLoad {
  // The entries without errors: one broken entry must not cost a reminder all its links.
  std::vector<core::Resource> resources;
  std::vector<ConfigDiagnostic> errors;    // the entry with the error is left out
  std::vector<ConfigDiagnostic> warnings;  // unknown keys: reported, entry kept

  bool ok() const { return errors.empty(); }
};

ResourceCatalogLoad parse_resource_catalog(std::string_view text, const std::string& origin);
ResourceCatalogLoad load_resource_catalog(const std::filesystem::path& path);

// Where catalogs are looked for, in order: `first` (main passes $SCREENTIME_RESOURCES_DIR;
// skipped when empty), the user's `data_home`/screentime/resources, the installed data
// directory, and the source tree's config/resources (for running from the build tree, unless
// built with SCREENTIME_BUILD_TREE_LOOKUP off, as a package is).
std::vector<std::filesystem::path> resource_catalog_dirs(
    const std::filesystem::path& first, const std::optional<std::filesystem::path>& data_home);

// The catalog file for the first of `languages` (most wanted first) that has one in any of
// `dirs`, falling back to English; nullopt when no catalog is found at all.
std::optional<std::filesystem::path> find_resource_catalog(
    std::vector<std::string> languages, const std::vector<std::filesystem::path>& dirs);

}  // namespace screentime::adapters
