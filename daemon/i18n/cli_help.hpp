#pragma once
// CLI11's help and error texts in the user's language, for screentimed and screentimectl.
// CLI11 2.1 writes its own headings ("Usage:", "Options:", "Subcommands:") in English; this
// formatter translates them.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace screentime::i18n {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();

  std::string make_group(std::string group, bool is_positional,
                         std::vector<const CLI::Option*> opts) const override;
  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override;
};

// For CLI::App::failure_message: CLI11's error, then a translated hint.
std::string failure_message(const CLI::App* app, const CLI::Error& error);

// Installs the formatter, the failure message and a translated help flag on `app`; call after
// init_i18n() and before adding options and subcommands (they inherit all three).
void translate_cli(CLI::App& app);

}  // namespace screentime::i18n
