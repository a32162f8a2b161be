// screentimectl resources: the wellbeing resource catalog in the user's language, asked of
// screentimed (the `resources` command), which reads the catalogs: the client has no TOML
// reader and finds the same catalog the reminders link from.
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

// The headings, in the order they are shown: support first, because someone in need should
// not have to scroll. Same order as protocol::kResourceCategories.
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

}  // namespace

int run_resources(DaemonConnection& daemon, const ResourcesOptions& options) {
  json args = {{"languages", options.languages}};
  if (options.category) args["category"] = *options.category;
  const json reply = daemon.request("resources", args);
  // A broken entry is left out; say so once, and still show the rest.
  const json& errors = reply["errors"];
  for (const auto& error : errors) {
    std::cerr << "screentimectl: " << error.value("file", "") << ":" << error.value("line", 0)
              << ":" << error.value("column", 0) << ": " << error.value("message", "") << "\n";
  }
  const int status = errors.empty() ? 0 : 1;
  if (options.json) {
    std::cout << json{{"language", reply["language"]}, {"resources", reply["resources"]}}.dump()
              << "\n";
    return status;
  }
  bool first = true;
  for (const auto& [category, heading] : kHeadings) {
    bool any = false;
    for (const auto& resource : reply["resources"]) {
      if (resource.value("category", "") != category) continue;
      if (!any) std::cout << (first ? "" : "\n") << tr(heading) << "\n";
      any = true;
      first = false;
      std::cout << "  " << resource.value("title", "") << "\n    "
                << resource.value("description", "") << "\n    " << resource.value("url", "")
                << "\n";
    }
  }
  return status;
}

}  // namespace screentime::client
