#pragma once
// Writes a usage report to a file as PNG, SVG or PDF by the file's extension. The file appears
// whole or not at all: it is written beside its place and renamed.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "client/report/report_figures.hpp"
#include "client/report/report_theme.hpp"

namespace screentime::client {

enum class ReportFormat { png, svg, pdf };

// The format a file name asks for; none for any other extension.
inline std::optional<ReportFormat> report_format(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (extension == ".png") return ReportFormat::png;
  if (extension == ".svg") return ReportFormat::svg;
  if (extension == ".pdf") return ReportFormat::pdf;
  return std::nullopt;
}

class ReportWriteFailed : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// In the sanitizer build, gives back what the drawing libraries keep for the life of the
// process (the font map; fontconfig's own few hundred bytes are a suppression of the leak
// check), so that the leak check sees nothing left; elsewhere the process's exit does. Call
// last: nothing may be drawn after it.
void release_drawing_caches();

// Throws ReportWriteFailed with what went wrong.
void write_report(const ReportFigures& figures, const ReportTheme& theme,
                  const std::filesystem::path& file);

}  // namespace screentime::client
