// The usage report: its periods, its figures, and the picture itself, read back from the PNG
// to find each bar where the data puts it.

#include <cairo.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/report/report_figures.hpp"
#include "client/report/report_file.hpp"
#include "client/report/report_layout.hpp"
#include "tests/unit/report_sample.hpp"

namespace screentime::client {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The drawing libraries' process-wide caches are given back at the end, as screentime-report
// gives them back, so that the sanitizer build's leak check sees only the report's own memory.
class DrawingCaches : public ::testing::Environment {
 public:
  void TearDown() override { release_drawing_caches(); }
};
[[maybe_unused]] const auto* const kDrawingCaches =
    ::testing::AddGlobalTestEnvironment(new DrawingCaches);

TEST(ReportPeriod, AWeekIsMondayToSundayAcrossMonthsAndYears) {
  struct Case {
    const char* day;
    const char* from;
    const char* to;
  };
  for (const Case& c : {Case{"2026-11-23", "2026-11-23", "2026-11-29"},
                        Case{"2026-11-29", "2026-11-23", "2026-11-29"},
                        Case{"2026-12-31", "2026-12-28", "2027-01-03"},
                        Case{"2027-01-01", "2026-12-28", "2027-01-03"}}) {
    EXPECT_EQ(report_period(ReportPeriod::week, c.day),
              std::make_pair(std::string(c.from), std::string(c.to)))
        << c.day;
  }
}

TEST(ReportPeriod, AMonthIsTheCalendarMonthAndTheOneBeforeItsPrevious) {
  EXPECT_EQ(report_period(ReportPeriod::month, "2028-02-10"),
            std::make_pair(std::string("2028-02-01"), std::string("2028-02-29")));
  EXPECT_EQ(previous_period(ReportPeriod::month, "2027-03-01"),
            std::make_pair(std::string("2027-02-01"), std::string("2027-02-28")));
  EXPECT_EQ(previous_period(ReportPeriod::week, "2027-01-04"),
            std::make_pair(std::string("2026-12-28"), std::string("2027-01-03")));
}

TEST(ReportFigures, DaysNotLivedYetCountNeitherNowNorInTheComparison) {
  const ReportFigures figures = report_figures(sample_replies());
  ASSERT_EQ(figures.days.size(), 7u);
  EXPECT_FALSE(figures.days[4].future);  // Friday is today
  EXPECT_TRUE(figures.days[5].future);
  EXPECT_EQ(figures.lived_days, 5);
  EXPECT_EQ(figures.total_seconds, (2 * 60 + 270 + 60 + 180 + 30) * 60);
  // Monday to Friday of the week before: 3 + 3 + 3 + 2 + 5 hours.
  EXPECT_EQ(figures.previous_total_seconds, 16 * 3600);
  EXPECT_EQ(figures.days[6].previous_seconds, 6 * 3600);
  EXPECT_EQ(figures.days_within_goal, 4);  // all but Tuesday's 4 h 30 min
  EXPECT_EQ(figures.breaks_taken, 9);
  EXPECT_EQ(figures.reminders_shown, 12);
  EXPECT_EQ(figures.longest_stretch_seconds, 95 * 60);
  EXPECT_EQ(figures.hours[1][14], 3600);
}

TEST(ReportFigures, AMonthOf31DaysHasNoPreviousFigureForItsLastDayAfterAMonthOf30) {
  ReportReplies replies = sample_replies();
  replies.period = ReportPeriod::month;
  replies.from = "2026-12-01";
  replies.to = "2026-12-31";
  replies.today = "2027-01-02";
  const ReportFigures figures = report_figures(replies);
  ASSERT_EQ(figures.days.size(), 31u);
  EXPECT_EQ(figures.days[29].previous_seconds, 0);
  EXPECT_FALSE(figures.days[30].previous_seconds);
}

TEST(ReportFigures, TheWeeksResourceTurnsOverOnMondaysAndIsNeverTheCrisisLine) {
  const json resources = sample_replies().resources;
  const auto monday = resource_of_week(resources, "2026-11-23");
  const auto sunday = resource_of_week(resources, "2026-11-29");
  const auto next = resource_of_week(resources, "2026-11-30");
  ASSERT_TRUE(monday && sunday && next);
  EXPECT_EQ(monday->url, sunday->url);
  EXPECT_NE(monday->url, next->url);
  for (int week = 0; week < 10; ++week) {
    const auto chosen =
        resource_of_week(resources, "2026-0" + std::to_string(1 + week % 9) + "-10");
    ASSERT_TRUE(chosen);
    EXPECT_NE(chosen->url, "https://example.org/support");
  }
  EXPECT_FALSE(resource_of_week(json::array(), "2026-11-23"));
}

TEST(ReportFigures, TheRepliesCrossToTheDrawingProgramUnchanged) {
  const ReportReplies replies = sample_replies();
  const ReportReplies back = replies_from_json(nlohmann::json::parse(replies_json(replies).dump()));
  EXPECT_EQ(replies_json(back), replies_json(replies));
  EXPECT_EQ(back.goal_seconds, 3 * 3600);
  ReportReplies no_goal = replies;
  no_goal.goal_seconds.reset();
  EXPECT_FALSE(replies_from_json(replies_json(no_goal)).goal_seconds);
  // Whatever else comes in draws an empty report, never a crash.
  const ReportFigures empty = report_figures(replies_from_json(nlohmann::json::array()));
  EXPECT_TRUE(empty.days.empty());
}

// Reading the picture back.
struct Pixels {
  explicit Pixels(const fs::path& png)
      : surface(cairo_image_surface_create_from_png(png.c_str())) {}
  ~Pixels() { cairo_surface_destroy(surface); }
  int width() const { return cairo_image_surface_get_width(surface); }
  int height() const { return cairo_image_surface_get_height(surface); }
  Rgb at(double x, double y) const {
    const auto* row = cairo_image_surface_get_data(surface) +
                      static_cast<int>(y) * cairo_image_surface_get_stride(surface);
    const std::uint32_t pixel = reinterpret_cast<const std::uint32_t*>(row)[static_cast<int>(x)];
    return {static_cast<std::uint8_t>(pixel >> 16), static_cast<std::uint8_t>(pixel >> 8),
            static_cast<std::uint8_t>(pixel)};
  }
  // How many pixels of `colour` stand in a column from `bottom` up, not counting the rows in
  // `skip` (where a line crosses the bar).
  int column_height(double x, double bottom, Rgb colour, std::optional<double> skip) const {
    int height = 0;
    for (double y = bottom - 1; y >= 0; --y) {
      if (skip && std::abs(y - *skip) <= 2) {
        ++height;
        continue;
      }
      if (!(at(x, y) == colour)) break;
      ++height;
    }
    return height;
  }
  cairo_surface_t* surface;
};

class ReportPicture : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("report-test-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(ReportPicture, ThePngHasEachDaysBarWhereTheDataPutsIt) {
  const ReportFigures figures = report_figures(sample_replies());
  const fs::path png = dir / "week.png";
  write_report(figures, kLightTheme, png);
  const ReportLayout layout = layout_report(figures);
  const Pixels pixels(png);
  ASSERT_EQ(cairo_surface_status(pixels.surface), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(pixels.width(), 960);
  EXPECT_EQ(pixels.height(), static_cast<int>(layout.height));
  // The plot's top is the largest figure, 6 h (last week's Sunday), in whole hours.
  const double per_second = layout.chart.height / (6 * 3600.0);
  const double group = layout.chart.width / 7;
  for (std::size_t i = 0; i < 7; ++i) {
    const DayBars& bars = layout.days[i];
    const double centre = bars.current.x + bars.current.width / 2;
    EXPECT_GE(centre, layout.chart.x + group * static_cast<double>(i)) << i;
    EXPECT_LT(centre, layout.chart.x + group * static_cast<double>(i + 1)) << i;
    const auto& day = figures.days[i];
    // The goal line crosses a bar taller than the goal: its rows are skipped. A bar as tall
    // as the goal has the line on its top, which may hide its last two rows.
    const double goal_height = layout.chart.bottom() - *layout.goal_y;
    const auto expect_bar = [&](double x, double expected, Rgb colour) {
      const bool crossed = expected > goal_height + 3;
      const bool topped = std::abs(expected - goal_height) <= 3;
      const int measured = pixels.column_height(x, layout.chart.bottom(), colour,
                                                crossed ? layout.goal_y : std::nullopt);
      EXPECT_NEAR(measured, expected, topped ? 2 : 1) << day.date;
    };
    expect_bar(centre, day.future ? 0 : std::round(day.active_seconds * per_second),
               kLightTheme.bar);
    ASSERT_TRUE(bars.previous);
    const double previous_centre = bars.previous->x + bars.previous->width / 2;
    EXPECT_LT(previous_centre, centre);
    expect_bar(previous_centre, std::round(*day.previous_seconds * per_second),
               kLightTheme.previous_bar);
  }
  // The goal line, 3 h, crosses the plot at half its height.
  bool goal_seen = false;
  for (double x = layout.chart.x; x < layout.chart.right() && !goal_seen; x += 1) {
    goal_seen =
        pixels.at(x, layout.chart.bottom() - std::round(3 * 3600 * per_second)) == kLightTheme.goal;
  }
  EXPECT_TRUE(goal_seen);
  // The busiest hour (Tuesday 14:00) is the bar's colour; an hour without use is empty.
  const Box& busiest = layout.hour_cells[1][14];
  EXPECT_EQ(pixels.at(busiest.x + busiest.width / 2, busiest.y + busiest.height / 2),
            kLightTheme.bar);
  const Box& empty = layout.hour_cells[6][3];
  EXPECT_EQ(pixels.at(empty.x + empty.width / 2, empty.y + empty.height / 2),
            kLightTheme.empty_hour);
}

TEST_F(ReportPicture, ALimitedUsersAllowancePlusGrantsIsALineAcrossEachDaysBars) {
  ReportReplies replies = sample_replies();
  json days = json::array();
  for (int day = 23; day <= 27; ++day) {
    days.push_back({{"date", "2026-11-" + std::to_string(day)},
                    {"limit_seconds", 3 * 3600},
                    {"granted_seconds", day == 24 ? 1800 : 0}});
  }
  replies.limits_usage = {{"days", days}};
  replies.goal_seconds.reset();
  const ReportFigures figures = report_figures(replies);
  EXPECT_EQ(figures.days[1].limit_seconds, 3 * 3600);
  EXPECT_EQ(figures.days[1].granted_seconds, 1800);
  EXPECT_FALSE(figures.days[5].limit_seconds);
  write_report(figures, kLightTheme, dir / "limited.png");
  const Pixels pixels(dir / "limited.png");
  const ReportLayout layout = layout_report(figures);
  const double per_second = layout.chart.height / (6 * 3600.0);
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& day = figures.days[i];
    ASSERT_TRUE(layout.days[i].limit_y) << day.date;
    const double y =
        layout.chart.bottom() - std::round((3 * 3600 + day.granted_seconds) * per_second);
    EXPECT_DOUBLE_EQ(*layout.days[i].limit_y, y) << day.date;
    // Just right of the day's bar, where nothing else is drawn.
    const double x = layout.days[i].current.right() + 1;
    EXPECT_EQ(pixels.at(x, y), kLightTheme.limit) << day.date;
    EXPECT_EQ(pixels.at(x, y - 4), kLightTheme.background) << day.date;
  }
  EXPECT_FALSE(layout.days[5].limit_y);
}

TEST_F(ReportPicture, TheDarkThemeDrawsOnADarkBackground) {
  const ReportFigures figures = report_figures(sample_replies());
  write_report(figures, kDarkTheme, dir / "dark.png");
  const Pixels pixels(dir / "dark.png");
  EXPECT_EQ(pixels.at(2, 2), kDarkTheme.background);
  const ReportLayout layout = layout_report(figures);
  const DayBars& tuesday = layout.days[1];
  EXPECT_EQ(pixels.at(tuesday.current.x + 1, layout.chart.bottom() - 2), kDarkTheme.bar);
}

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(ReportPicture, SvgAndPdfAreOnePageOfTheReportsSize) {
  const ReportFigures figures = report_figures(sample_replies());
  const ReportLayout layout = layout_report(figures);
  write_report(figures, kLightTheme, dir / "week.svg");
  write_report(figures, kLightTheme, dir / "week.PDF");
  const std::string svg = contents(dir / "week.svg");
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("width=\"960pt\""), std::string::npos);
  EXPECT_NE(svg.find("height=\"" + std::to_string(static_cast<int>(layout.height)) + "pt\""),
            std::string::npos);
  const std::string pdf = contents(dir / "week.PDF");
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("/Count 1"), std::string::npos);
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 960 " + std::to_string(static_cast<int>(layout.height))),
            std::string::npos);
  // The week's resource is a link in the PDF.
  EXPECT_NE(pdf.find("/URI (https://example.org/"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "week.svg.part"));
}

TEST_F(ReportPicture, AFileThatCannotBeWrittenIsAClearErrorAndLeavesNothingBehind) {
  const ReportFigures figures = report_figures(sample_replies());
  EXPECT_THROW(write_report(figures, kLightTheme, dir / "week.gif"), ReportWriteFailed);
  EXPECT_THROW(write_report(figures, kLightTheme, dir / "missing" / "week.png"), ReportWriteFailed);
  EXPECT_THROW(write_report(figures, kLightTheme, dir / "missing" / "week.pdf"), ReportWriteFailed);
  EXPECT_TRUE(fs::is_empty(dir));
}

}  // namespace
}  // namespace screentime::client
