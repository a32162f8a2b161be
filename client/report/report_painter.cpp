#include "client/report/report_painter.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;

enum class Align { left, centre, right };

struct Font {
  const char* description;
};
constexpr Font kTitle{"Sans Bold 26"};
constexpr Font kFigure{"Sans Bold 22"};
constexpr Font kHeading{"Sans Bold 13"};
constexpr Font kBody{"Sans 12"};
constexpr Font kSmall{"Sans 10"};

void set_colour(cairo_t* cr, Rgb colour) {
  cairo_set_source_rgb(cr, colour.red / 255.0, colour.green / 255.0, colour.blue / 255.0);
}

void fill(cairo_t* cr, const Box& box, Rgb colour) {
  if (box.width <= 0 || box.height <= 0) return;
  set_colour(cr, colour);
  cairo_rectangle(cr, box.x, box.y, box.width, box.height);
  cairo_fill(cr);
}

// A mix of `from` and `to`, whole 8-bit values.
Rgb mix(Rgb from, Rgb to, double share) {
  const auto channel = [share](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(a + (b - a) * share + 0.5);
  };
  return {channel(from.red, to.red), channel(from.green, to.green), channel(from.blue, to.blue)};
}

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

using TextLayout = std::unique_ptr<PangoLayout, LayoutDeleter>;

TextLayout text_layout(cairo_t* cr, const std::string& text, Font font, double wrap) {
  TextLayout layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontDeleter> description(
      pango_font_description_from_string(font.description));
  pango_layout_set_font_description(layout.get(), description.get());
  if (wrap > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(wrap * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout.get(), text.c_str(), -1);
  return layout;
}

struct Extent {
  int width = 0, height = 0;
};

Extent extent_of(PangoLayout* layout) {
  Extent extent;
  pango_layout_get_pixel_size(layout, &extent.width, &extent.height);
  return extent;
}

// Writes `text` with its top at `y`; `x` is its left, centre or right by `align`; wraps at
// `wrap` when it is given. Returns the height taken.
double write(cairo_t* cr, const std::string& text, Font font, Rgb colour, double x, double y,
             Align align = Align::left, double wrap = 0) {
  const TextLayout layout = text_layout(cr, text, font, wrap);
  const Extent extent = extent_of(layout.get());
  const double left = align == Align::left     ? x
                      : align == Align::centre ? x - extent.width / 2.0
                                               : x - extent.width;
  set_colour(cr, colour);
  cairo_move_to(cr, left, y);
  pango_cairo_show_layout(cr, layout.get());
  return extent.height;
}

void line(cairo_t* cr, double x1, double y1, double x2, double y2, Rgb colour, double width,
          bool dashed = false) {
  set_colour(cr, colour);
  cairo_set_line_width(cr, width);
  const double dash[] = {6, 4};
  cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x2, y2);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
}

// One space where short_date aligns with two ("Mon  3 Nov").
std::string single_spaced(std::string text) {
  for (auto at = text.find("  "); at != std::string::npos; at = text.find("  ")) {
    text.erase(at, 1);
  }
  return text;
}

bool is_week(const ReportFigures& figures) { return figures.period == ReportPeriod::week; }

// Whether the system role limits the user on any day of the report.
bool limited(const ReportFigures& figures) {
  return std::ranges::any_of(figures.days,
                             [](const ReportDay& day) { return day.limit_seconds.has_value(); });
}

// "Mon 23 Nov – Sun 29 Nov 2026", or "November 2026".
std::string period_name(const ReportFigures& figures) {
  if (is_week(figures)) {
    // TRANSLATORS: the report's week: its first and last day, then the year.
    return format_tr(tr("{} – {} {}"), single_spaced(short_date(figures.from)),
                     single_spaced(short_date(figures.to)), figures.to.substr(0, 4));
  }
  static constexpr std::array<const char*, 12> kMonths = {
      N_("January"),   N_("February"), N_("March"),    N_("April"),
      N_("May"),       N_("June"),     N_("July"),     N_("August"),
      N_("September"), N_("October"),  N_("November"), N_("December")};
  const int month = std::stoi(figures.from.substr(5, 2));
  // TRANSLATORS: the report's month: its name, then the year.
  return format_tr(tr("{} {}"), tr(kMonths[static_cast<std::size_t>(month - 1) % 12]),
                   figures.from.substr(0, 4));
}

std::string comparison(const ReportFigures& figures) {
  const auto difference = figures.total_seconds - figures.previous_total_seconds;
  const bool whole = figures.lived_days == static_cast<int>(figures.days.size());
  if (figures.previous_total_seconds == 0 && figures.total_seconds > 0) {
    return is_week(figures) ? tr("nothing recorded the week before")
                            : tr("nothing recorded the month before");
  }
  if (difference == 0) {
    return is_week(figures) ? tr("the same as the week before")
                            : tr("the same as the month before");
  }
  const std::string amount = short_duration(difference < 0 ? -difference : difference);
  if (!whole) {
    return difference < 0
               ? format_tr(is_week(figures) ? tr("{} less than the same days of the week before")
                                            : tr("{} less than the same days of the month before"),
                           amount)
               : format_tr(is_week(figures) ? tr("{} more than the same days of the week before")
                                            : tr("{} more than the same days of the month before"),
                           amount);
  }
  return difference < 0 ? format_tr(is_week(figures) ? tr("{} less than the week before")
                                                     : tr("{} less than the month before"),
                                    amount)
                        : format_tr(is_week(figures) ? tr("{} more than the week before")
                                                     : tr("{} more than the month before"),
                                    amount);
}

void paint_header(cairo_t* cr, const ReportFigures& figures, const ReportLayout& layout,
                  const ReportTheme& theme) {
  const Box& box = layout.header;
  double y = box.y;
  y += write(cr, is_week(figures) ? tr("Your week") : tr("Your month"), kTitle, theme.text, box.x,
             y);
  y += write(cr, period_name(figures), kBody, theme.muted, box.x, y + 2);
  y += 14;
  const double figure =
      write(cr, short_duration(figures.total_seconds), kFigure, theme.text, box.x, y);
  write(cr, comparison(figures), kBody, theme.muted, box.x, y + figure + 2);
}

void paint_chart(cairo_t* cr, const ReportFigures& figures, const ReportLayout& layout,
                 const ReportTheme& theme) {
  const Box& chart = layout.chart;
  write(cr, tr("Screen time each day"), kHeading, theme.text, layout.header.x, chart.y - 40);
  // The legend, right-aligned on the heading's line.
  double x = chart.right();
  const auto legend = [&](const std::string& text, Rgb swatch, bool is_line) {
    const Extent extent = extent_of(text_layout(cr, text, kSmall, 0).get());
    const double width = extent.width, height = extent.height;
    x -= width;
    write(cr, text, kSmall, theme.muted, x, chart.y - 38);
    x -= 18;
    if (is_line) {
      line(cr, x, chart.y - 38 + height / 2.0, x + 14, chart.y - 38 + height / 2.0, swatch, 2,
           true);
    } else {
      fill(cr, {x, chart.y - 38 + height / 2.0 - 5, 12, 10}, swatch);
    }
    x -= 16;
  };
  if (limited(figures)) {
    legend(tr("limit"), theme.limit, true);
  }
  if (figures.goal_seconds) {
    legend(format_tr(tr("goal {}"), short_duration(*figures.goal_seconds)), theme.goal, true);
  }
  legend(is_week(figures) ? tr("the week before") : tr("the month before"), theme.previous_bar,
         false);
  legend(is_week(figures) ? tr("this week") : tr("this month"), theme.bar, false);

  // Hour lines, labelled on the left.
  for (std::int64_t at = 0; at <= layout.chart_top_seconds; at += layout.grid_step_seconds) {
    const double y = chart.bottom() - bar_height(at, layout.chart_top_seconds, chart.height);
    line(cr, chart.x, y + 0.5, chart.right(), y + 0.5, theme.grid, 1);
    write(cr, format_tr(tr("{}h"), at / 3600), kSmall, theme.muted, chart.x - 8, y - 7,
          Align::right);
  }
  for (std::size_t i = 0; i < layout.days.size(); ++i) {
    const DayBars& bars = layout.days[i];
    if (bars.previous) fill(cr, *bars.previous, theme.previous_bar);
    fill(cr, bars.current, theme.bar);
    const std::string& date = figures.days[i].date;
    const std::string label =
        is_week(figures) ? single_spaced(short_date(date)).substr(0, short_date(date).rfind(' '))
                         : std::to_string(std::stoi(date.substr(8)));
    write(cr, label, kSmall, figures.days[i].future ? theme.muted : theme.text, bars.label_x,
          chart.bottom() + 6, Align::centre);
    if (bars.limit_y) {
      const double left = bars.previous ? bars.previous->x : bars.current.x;
      line(cr, left - 3, *bars.limit_y, bars.current.right() + 3, *bars.limit_y, theme.limit, 2);
    }
  }
  if (layout.goal_y)
    line(cr, chart.x, *layout.goal_y, chart.right(), *layout.goal_y, theme.goal, 2, true);
}

void paint_hours(cairo_t* cr, const ReportLayout& layout, const ReportTheme& theme) {
  static constexpr std::array<const char*, 7> kDays = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                                       N_("Fri"), N_("Sat"), N_("Sun")};
  const Box& map = layout.hour_map;
  write(cr, tr("Hours of the day"), kHeading, theme.text, layout.header.x, map.y - 48);
  for (int hour = 0; hour < 24; hour += 3) {
    write(cr, fmt::format("{:02}", hour), kSmall, theme.muted, layout.hour_cells[0][hour].x,
          map.y - 18);
  }
  for (std::size_t weekday = 0; weekday < 7; ++weekday) {
    write(cr, tr(kDays[weekday]), kSmall, theme.muted, map.x - 8,
          layout.hour_cells[weekday][0].y + 4, Align::right);
    for (std::size_t hour = 0; hour < 24; ++hour) {
      fill(cr, layout.hour_cells[weekday][hour],
           mix(theme.empty_hour, theme.bar, layout.hour_shade[weekday][hour]));
    }
  }
}

void paint_tile(cairo_t* cr, const Box& box, const ReportTheme& theme, const std::string& label,
                const std::string& figure, const std::string& detail) {
  fill(cr, box, theme.tile);
  const double pad = 14;
  // Fixed rows, so the figures line up across tiles whether a label takes one line or two.
  write(cr, label, kSmall, theme.muted, box.x + pad, box.y + pad, Align::left, box.width - 2 * pad);
  const double figure_height =
      write(cr, figure, kFigure, theme.text, box.x + pad, box.y + pad + 34);
  write(cr, detail, kSmall, theme.muted, box.x + pad, box.y + pad + 38 + figure_height, Align::left,
        box.width - 2 * pad);
}

void paint_tiles(cairo_t* cr, const ReportFigures& figures, const ReportLayout& layout,
                 const ReportTheme& theme) {
  paint_tile(cr, layout.tiles[0], theme, tr("Breaks taken"),
             format_tr(tr("{} of {}"), figures.breaks_taken, figures.reminders_shown),
             tr("reminders shown"));
  paint_tile(
      cr, layout.tiles[1], theme, tr("Longest stretch without a break"),
      figures.longest_stretch_seconds ? short_duration(*figures.longest_stretch_seconds) : "–",
      figures.longest_stretch_seconds
          ? format_tr(tr("from {}"),
                      single_spaced(short_date(figures.longest_stretch_start.substr(0, 10))) + " " +
                          clock_time(figures.longest_stretch_start))
          : "");
  const auto busiest = std::ranges::max_element(
      figures.days, {}, [](const ReportDay& day) { return day.future ? -1 : day.active_seconds; });
  const bool any = busiest != figures.days.end() && !busiest->future && busiest->active_seconds > 0;
  paint_tile(cr, layout.tiles[2], theme, tr("Busiest day"),
             any ? short_duration(busiest->active_seconds) : "–",
             any ? single_spaced(short_date(busiest->date)) : "");
  const auto over = std::ranges::count_if(figures.days, [](const ReportDay& day) {
    return day.limit_seconds && day.active_seconds > *day.limit_seconds + day.granted_seconds;
  });
  if (limited(figures)) {
    std::int64_t granted = 0;
    for (const ReportDay& day : figures.days) granted += day.granted_seconds;
    paint_tile(cr, layout.tiles[3], theme, tr("Days over the limit"),
               format_tr(tr("{} of {}"), over, figures.lived_days),
               format_tr(tr("{} extra time granted"), short_duration(granted)));
  } else if (figures.goal_seconds) {
    paint_tile(cr, layout.tiles[3], theme, tr("Daily goal kept"),
               format_tr(tr("{} of {}"), figures.days_within_goal, figures.lived_days),
               format_tr(tr("days within {}"), short_duration(*figures.goal_seconds)));
  } else {
    paint_tile(
        cr, layout.tiles[3], theme, tr("Daily average"),
        short_duration(figures.lived_days > 0 ? figures.total_seconds / figures.lived_days : 0),
        tr("no daily goal set"));
  }
}

void paint_resource(cairo_t* cr, const ReportFigures& figures, const ReportLayout& layout,
                    const ReportTheme& theme) {
  if (!figures.resource) return;
  const Box& box = layout.resource;
  fill(cr, box, theme.tile);
  fill(cr, {box.x, box.y, 4, box.height}, theme.bar);
  const double pad = 18;
  double y = box.y + 12;
  y += write(cr, is_week(figures) ? tr("This week's resource") : tr("This month's resource"),
             kSmall, theme.muted, box.x + pad, y);
  y += write(cr, figures.resource->title, kHeading, theme.text, box.x + pad, y + 2);
  y += write(cr, figures.resource->description, kBody, theme.text, box.x + pad, y + 4, Align::left,
             box.width - 2 * pad);
  // A real link in PDF; SVG and PNG show the address.
  std::string attributes = "uri='";
  for (const char c : figures.resource->url) {
    if (c == '\'' || c == '\\') attributes += '\\';
    attributes += c;
  }
  attributes += "'";
  cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes.c_str());
  write(cr, figures.resource->url, kBody, theme.link, box.x + pad, y + 6);
  cairo_tag_end(cr, CAIRO_TAG_LINK);
}

}  // namespace

void paint_report(cairo_t* cr, const ReportFigures& figures, const ReportLayout& layout,
                  const ReportTheme& theme) {
  fill(cr, {0, 0, layout.width, layout.height}, theme.background);
  paint_header(cr, figures, layout, theme);
  paint_chart(cr, figures, layout, theme);
  paint_hours(cr, layout, theme);
  paint_tiles(cr, figures, layout, theme);
  paint_resource(cr, figures, layout, theme);
  write(cr, format_tr(tr("screentime · {} to {}"), figures.from, figures.to), kSmall, theme.muted,
        layout.footer.x, layout.footer.y);
}

}  // namespace screentime::client
