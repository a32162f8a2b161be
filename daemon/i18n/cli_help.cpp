#include "daemon/i18n/cli_help.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "daemon/i18n/i18n.hpp"

namespace screentime::i18n {
namespace {

// CLI11's group names: options default to "Options", subcommands to "Subcommands".
[[maybe_unused]] constexpr const char* kGroupNames[] = {N_("Options"), N_("Subcommands")};

}  // namespace

HelpFormatter::HelpFormatter() {
  // The keys are CLI11's label names; the usage line reads "Usage: screentimectl [OPTIONS] …".
  label("Usage", tr("Usage"));
  label("OPTIONS", tr("OPTIONS"));
  label("SUBCOMMAND", tr("SUBCOMMAND"));
  label("SUBCOMMANDS", tr("SUBCOMMANDS"));
  label("Positionals", tr("Positionals"));
  label("REQUIRED", tr("REQUIRED"));
  label("Excludes", tr("Excludes"));
  label("Needs", tr("Needs"));
}

std::string HelpFormatter::make_group(std::string group, bool is_positional,
                                      std::vector<const CLI::Option*> opts) const {
  return CLI::Formatter::make_group(tr(group.c_str()), is_positional, std::move(opts));
}

// CLI11's own version, but with the group heading translated.
std::string HelpFormatter::make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const {
  std::vector<std::string> groups;
  for (const CLI::App* command : app->get_subcommands({})) {
    if (!command->get_name().empty() && !command->get_group().empty() &&
        std::find(groups.begin(), groups.end(), command->get_group()) == groups.end()) {
      groups.push_back(command->get_group());
    }
  }
  std::ostringstream out;
  for (const std::string& group : groups) {
    out << "\n" << tr(group.c_str()) << ":\n";
    for (const CLI::App* command : app->get_subcommands({})) {
      if (command->get_name().empty() || command->get_group() != group) continue;
      if (mode == CLI::AppFormatMode::All) {
        out << command->help(command->get_name(), CLI::AppFormatMode::Sub) << "\n";
      } else {
        out << make_subcommand(command);
      }
    }
  }
  return out.str();
}

std::string failure_message(const CLI::App* /*app*/, const CLI::Error& error) {
  // CLI11 builds its error texts with the argument inside: they stay English.
  return std::string(error.what()) + "\n" +
         fmt::format(fmt::runtime(tr("Run with {} for more information.")), "--help") + "\n";
}

void translate_cli(CLI::App& app) {
  app.formatter(std::make_shared<HelpFormatter>());
  app.failure_message(failure_message);
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
}

}  // namespace screentime::i18n
