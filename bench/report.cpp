// bench_report: how long drawing a week's and a month's report takes, per format, from the
// figures to the file (layout, text, encoding, writing). Prints figures; asserts nothing.
//   bench_report [RUNS] [FOLDER]   (default 20 runs, a temporary folder; the last files stay,
//   with a dark week beside them)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "client/report/report_file.hpp"
#include "daemon/i18n/i18n.hpp"
#include "tests/unit/report_sample.hpp"

namespace {

using namespace screentime::client;
using Clock = std::chrono::steady_clock;

double milliseconds(Clock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

}  // namespace

int main(int argc, char** argv) {
  // In the language the environment asks for (LANGUAGE=sv), with the catalogs of the build.
  const char* localedir = std::getenv("SCREENTIME_LOCALEDIR");
  screentime::i18n::init_i18n(localedir != nullptr ? localedir : "");
  const int runs = argc > 1 ? std::stoi(argv[1]) : 20;
  const std::filesystem::path folder =
      argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path();
  ReportReplies month = sample_replies();
  month.period = ReportPeriod::month;
  std::tie(month.from, month.to) = report_period(ReportPeriod::month, "2026-11-27");
  const ReportFigures figures[] = {report_figures(sample_replies()), report_figures(month)};
  std::printf("%-6s %-4s %10s %10s %10s\n", "period", "fmt", "first ms", "median ms", "bytes");
  for (const ReportFigures& report : figures) {
    const char* period = report.period == ReportPeriod::week ? "week" : "month";
    for (const char* extension : {"png", "svg", "pdf"}) {
      const auto file = folder / (std::string("screentime-bench-") + period + "." + extension);
      std::vector<double> times;
      for (int run = 0; run < runs; ++run) {
        const auto start = Clock::now();
        write_report(report, kLightTheme, file);
        times.push_back(milliseconds(Clock::now() - start));
      }
      const double first = times.front();
      std::sort(times.begin(), times.end());
      std::printf("%-6s %-4s %10.1f %10.1f %10ju\n", period, extension, first,
                  times[times.size() / 2],
                  static_cast<std::uintmax_t>(std::filesystem::file_size(file)));
    }
  }
  write_report(figures[0], kDarkTheme, folder / "screentime-bench-week-dark.png");
  release_drawing_caches();
  return 0;
}
