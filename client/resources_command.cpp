// screentimectl resources: the wellbeing resource catalog in the user's language. Read here,
// not asked of screentimed: it is installed data, and useful when the daemon is not running.
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"
#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

// The headings, in the order they are shown: support first, because someone in need should
// not have to scroll. Same order as core::kResourceCategories.
constexpr std::pair<std::string_view, const char*> kHeadings[] = {
    {"support", N_("If you or someone close to you is going through a hard time")},
    {"eyes", N_("Eyes")},
    {"movement", N_("Movement")},
    {"sleep", N_("Sleep")},
    {"wellbeing", N_("Wellbeing")},
    {"habits", N_("Screen habits")},
    {"parents", N_("For parents")},
    {"online-safety", N_("Safety online")},
    {"media-literacy", N_("Media literacy")},
    {"body-image", N_("Body image")},
    {"reporting", N_("Reporting abuse")},
};

json to_json(const core::Resource& resource) {
  return {
      {"id", resource.id},   {"title", resource.title},       {"description", resource.description},
      {"url", resource.url}, {"category", resource.category}, {"moments", resource.moments}};
}

}  // namespace

int run_resources(const ResourcesOptions& options) {
  const auto file = adapters::find_resource_catalog();
  if (!file) throw std::runtime_error(tr("no wellbeing resource catalog is installed"));
  const auto load = adapters::load_resource_catalog(*file);
  // A broken entry is left out; say so once, and still show the rest.
  for (const auto& error : load.errors) std::cerr << "screentimectl: " << error.to_string() << "\n";
  const auto wanted = [&options](const core::Resource& resource) {
    return !options.category || resource.category == *options.category;
  };
  if (options.json) {
    json list = json::array();
    for (const auto& resource : load.resources) {
      if (wanted(resource)) list.push_back(to_json(resource));
    }
    std::cout << json{{"language", file->stem().string()}, {"resources", list}}.dump() << "\n";
    return load.ok() ? 0 : 1;
  }
  bool first = true;
  for (const auto& [category, heading] : kHeadings) {
    if (options.category && *options.category != category) continue;
    bool any = false;
    for (const auto& resource : load.resources) {
      if (resource.category != category) continue;
      if (!any) std::cout << (first ? "" : "\n") << tr(heading) << "\n";
      any = true;
      first = false;
      std::cout << "  " << resource.title << "\n    " << resource.description << "\n    "
                << resource.url << "\n";
    }
  }
  return load.ok() ? 0 : 1;
}

}  // namespace screentime::client
