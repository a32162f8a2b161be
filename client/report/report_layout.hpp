#pragma once
// ReportLayout: where each part of a usage report goes, in the report's units (pixels in a
// PNG, points in SVG and PDF). Pure geometry from the figures, apart from the drawing, so a
// test can find each bar where the data puts it.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "client/report/report_figures.hpp"

namespace screentime::client {

struct Box {
  double x = 0, y = 0, width = 0, height = 0;
  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

struct DayBars {
  Box current;                    // height 0: no use, or a day not lived yet
  std::optional<Box> previous;    // the same place in the period before
  double label_x = 0;             // centre of the day's label
  std::optional<double> limit_y;  // the allowance plus time granted, across the day's bars
};

struct ReportLayout {
  double width = 0, height = 0;
  Box header;
  Box chart;                       // the bars' plot area: seconds 0 at the bottom
  std::int64_t chart_top_seconds;  // the time at the top of the plot
  std::int64_t grid_step_seconds;  // a line every so often
  std::vector<DayBars> days;
  std::optional<double> goal_y;
  Box hour_map;  // 7 rows (Monday first) × 24 hours
  std::array<std::array<Box, 24>, 7> hour_cells{};
  std::array<std::array<double, 24>, 7> hour_shade{};  // 0 none .. 1 the busiest hour
  std::array<Box, 4> tiles{};
  Box resource;
  Box footer;
};

ReportLayout layout_report(const ReportFigures& figures);

// The height of `seconds` in a plot `height` high whose top is `top_seconds`, whole pixels.
double bar_height(std::int64_t seconds, std::int64_t top_seconds, double height);

}  // namespace screentime::client
