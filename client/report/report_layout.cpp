#include "client/report/report_layout.hpp"

#include <algorithm>
#include <cmath>

namespace screentime::client {
namespace {

// A line every hour up to 8 hours, every 2 up to 16, else every 4.
std::int64_t grid_step_hours(std::int64_t hours) { return hours <= 8 ? 1 : hours <= 16 ? 2 : 4; }

constexpr double kWidth = 960;
constexpr double kMargin = 48;
constexpr double kAxisWidth = 56;  // hour labels left of the plot and the map

// The plot's top: the largest figure drawn, rounded up to whole hours (at least one), and to
// a whole number of grid steps, so the top line is labelled.
std::int64_t top_of(const ReportFigures& figures) {
  std::int64_t most = figures.goal_seconds.value_or(0);
  for (const ReportDay& day : figures.days) {
    most = std::max({most, day.active_seconds, day.previous_seconds.value_or(0),
                     day.limit_seconds ? *day.limit_seconds + day.granted_seconds : 0});
  }
  const auto hours = std::max<std::int64_t>(1, (most + 3599) / 3600);
  const auto step = grid_step_hours(hours);
  return (hours + step - 1) / step * step * 3600;
}

}  // namespace

double bar_height(std::int64_t seconds, std::int64_t top_seconds, double height) {
  if (top_seconds <= 0) return 0;
  return std::round(static_cast<double>(std::clamp<std::int64_t>(seconds, 0, top_seconds)) /
                    static_cast<double>(top_seconds) * height);
}

ReportLayout layout_report(const ReportFigures& figures) {
  ReportLayout layout;
  layout.width = kWidth;
  const double inner = kWidth - 2 * kMargin;
  layout.header = {kMargin, 40, inner, 130};

  layout.chart = {kMargin + kAxisWidth, 220, inner - kAxisWidth, 260};
  layout.chart_top_seconds = top_of(figures);
  layout.grid_step_seconds = grid_step_hours(layout.chart_top_seconds / 3600) * 3600;
  const double baseline = layout.chart.bottom();
  const auto count = static_cast<double>(std::max<std::size_t>(1, figures.days.size()));
  const double group = std::floor(layout.chart.width / count);
  const double current_width = std::max(3.0, std::floor(group * 0.42));
  const double previous_width = std::max(2.0, std::floor(group * 0.26));
  const double gap = std::max(1.0, std::floor(group * 0.04));
  for (std::size_t i = 0; i < figures.days.size(); ++i) {
    const ReportDay& day = figures.days[i];
    const double left = layout.chart.x + group * static_cast<double>(i);
    const double pair = previous_width + gap + current_width;
    const double start = left + std::floor((group - pair) / 2);
    DayBars bars;
    const double current =
        day.future ? 0
                   : bar_height(day.active_seconds, layout.chart_top_seconds, layout.chart.height);
    bars.current = {start + previous_width + gap, baseline - current, current_width, current};
    if (day.previous_seconds) {
      const double previous =
          bar_height(*day.previous_seconds, layout.chart_top_seconds, layout.chart.height);
      bars.previous = Box{start, baseline - previous, previous_width, previous};
    }
    bars.label_x = left + group / 2;
    if (day.limit_seconds) {
      bars.limit_y = baseline - bar_height(*day.limit_seconds + day.granted_seconds,
                                           layout.chart_top_seconds, layout.chart.height);
    }
    layout.days.push_back(bars);
  }
  if (figures.goal_seconds) {
    layout.goal_y =
        baseline - bar_height(*figures.goal_seconds, layout.chart_top_seconds, layout.chart.height);
  }

  const double cell = std::floor((inner - kAxisWidth) / 24);
  const double row = 24;
  layout.hour_map = {kMargin + kAxisWidth, 590, cell * 24, row * 7};
  std::int64_t busiest = 0;
  for (const auto& weekday : figures.hours) {
    for (const auto seconds : weekday) busiest = std::max(busiest, seconds);
  }
  for (std::size_t weekday = 0; weekday < 7; ++weekday) {
    for (std::size_t hour = 0; hour < 24; ++hour) {
      layout.hour_cells[weekday][hour] = {layout.hour_map.x + cell * static_cast<double>(hour),
                                          layout.hour_map.y + row * static_cast<double>(weekday),
                                          cell - 2, row - 2};
      layout.hour_shade[weekday][hour] =
          busiest > 0
              ? static_cast<double>(figures.hours[weekday][hour]) / static_cast<double>(busiest)
              : 0;
    }
  }

  const double tile_gap = 16;
  const double tile_width = std::floor((inner - 3 * tile_gap) / 4);
  for (std::size_t i = 0; i < layout.tiles.size(); ++i) {
    layout.tiles[i] = {kMargin + (tile_width + tile_gap) * static_cast<double>(i), 800, tile_width,
                       120};
  }
  layout.resource = {kMargin, 944, inner, 112};
  layout.footer = {kMargin, 1076, inner, 24};
  layout.height = 1120;
  return layout;
}

}  // namespace screentime::client
