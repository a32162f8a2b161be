// screentime-report: draws a usage report. screentimectl gathers the figures from screentimed
// and hands them over on standard input, so that only this program links cairo and pango and
// `screentimectl status`, run by status bars again and again, stays small and quick.
//   screentime-report --output FILE [--theme light|dark] < replies.json
// Exit status: 0 written, 1 not written (why on standard error), 2 bad usage.

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "client/report/report_figures.hpp"
#include "client/report/report_file.hpp"
#include "daemon/i18n/i18n.hpp"

namespace {

// Figures for a month are a few hundred KiB; anything far larger is not from screentimectl.
constexpr std::size_t kMaxInput = 64 << 20;

int usage_error(std::string_view message) {
  std::cerr << "screentime-report: " << message
            << "\nusage: screentime-report --output FILE [--theme light|dark] < replies.json\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const char* localedir = std::getenv("SCREENTIME_LOCALEDIR");
  screentime::i18n::init_i18n(localedir != nullptr ? localedir : "");
  std::string output, theme = "light";
  for (int i = 1; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (i + 1 >= argc) return usage_error("expected a value after " + std::string(option));
    if (option == "--output") {
      output = argv[++i];
    } else if (option == "--theme") {
      theme = argv[++i];
    } else {
      return usage_error("unknown option " + std::string(option));
    }
  }
  if (output.empty()) return usage_error("expected --output FILE");
  if (theme != "light" && theme != "dark") return usage_error("expected --theme light or dark");
  std::string input;
  char chunk[65536];
  while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
    input.append(chunk, static_cast<std::size_t>(std::cin.gcount()));
    if (input.size() > kMaxInput) return usage_error("the figures on standard input are too large");
  }
  const auto replies = nlohmann::json::parse(input, nullptr, false);
  if (!replies.is_object()) return usage_error("expected the figures as JSON on standard input");
  int status = 0;
  try {
    using namespace screentime::client;
    write_report(report_figures(replies_from_json(replies)), report_theme(theme), output);
  } catch (const std::exception& error) {
    std::cerr << "screentime-report: " << error.what() << "\n";
    status = 1;
  }
  screentime::client::release_drawing_caches();
  return status;
}
