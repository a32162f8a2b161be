#pragma once
// Paints a usage report on a cairo context with pango for the text, in the user's language
// (gettext) and the given theme. Knows nothing of files: report_file chooses the surface.

#include <cairo.h>

#include "client/report/report_figures.hpp"
#include "client/report/report_layout.hpp"
#include "client/report/report_theme.hpp"

namespace screentime::client {

void paint_report(cairo_t* cr, const ReportFigures& figures, const ReportLayout& layout,
                  const ReportTheme& theme);

}  // namespace screentime::client
