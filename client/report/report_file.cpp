#include "client/report/report_file.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include <memory>
#ifdef SCREENTIME_LEAK_CHECKED
#include <sanitizer/lsan_interface.h>
#endif
#include <system_error>

#include "client/output.hpp"
#include "client/report/report_layout.hpp"
#include "client/report/report_painter.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

void check(cairo_status_t status, const std::filesystem::path& file) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw ReportWriteFailed(
        format_tr(tr("cannot write \"{}\": {}"), file.string(), cairo_status_to_string(status)));
  }
}

// Removes the half-written file unless it was renamed into place.
struct PartFile {
  std::filesystem::path path;
  bool kept = false;
  ~PartFile() {
    if (!kept) ::unlink(path.c_str());
  }
};

}  // namespace

void release_drawing_caches() {
#ifdef SCREENTIME_LEAK_CHECKED
  // Only for the sanitizer build's leak check: cairo_debug_reset_static_data() asserts when a
  // PDF surface's fonts are still cached, so cairo's caches (reachable, not leaked) stay.
  pango_cairo_font_map_set_default(nullptr);
#endif
}

void write_report(const ReportFigures& figures, const ReportTheme& theme,
                  const std::filesystem::path& file) {
  const auto format = report_format(file);
  if (!format) {
    throw ReportWriteFailed(format_tr(
        tr("expected a file name ending in .png, .svg or .pdf, got \"{}\""), file.string()));
  }
  const ReportLayout layout = layout_report(figures);
  PartFile part{file.string() + ".part"};
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      *format == ReportFormat::png
          ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(layout.width),
                                       static_cast<int>(layout.height))
      : *format == ReportFormat::svg
          ? cairo_svg_surface_create(part.path.c_str(), layout.width, layout.height)
          : cairo_pdf_surface_create(part.path.c_str(), layout.width, layout.height));
  check(cairo_surface_status(surface.get()), file);
  if (*format == ReportFormat::pdf) {
    cairo_pdf_surface_set_metadata(
        surface.get(), CAIRO_PDF_METADATA_TITLE,
        format_tr(tr("screentime · {} to {}"), figures.from, figures.to).c_str());
  }
  {
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    paint_report(cr.get(), figures, layout, theme);
    check(cairo_status(cr.get()), file);
  }
  if (*format == ReportFormat::png) {
    check(cairo_surface_write_to_png(surface.get(), part.path.c_str()), file);
  }
  cairo_surface_finish(surface.get());
  check(cairo_surface_status(surface.get()), file);
  std::error_code error;
  std::filesystem::rename(part.path, file, error);
  if (error) {
    throw ReportWriteFailed(
        format_tr(tr("cannot write \"{}\": {}"), file.string(), error.message()));
  }
  part.kept = true;
}

}  // namespace screentime::client

#ifdef SCREENTIME_LEAK_CHECKED
// fontconfig keeps a few hundred bytes of its own that the leak check would count. FcFini()
// would free them, but it asserts (fccache.c, FcCacheFini) whenever a cache is still held,
// which happened when other processes wrote the font caches at the same moment: 5 runs in 60
// beside other report tests. Its own allocations are left to it instead.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif
