#include "daemon/app/weekly_notice_text.hpp"

#include <fmt/format.h>

#include "daemon/app/reminder_text.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::app {
namespace {

using i18n::tr;

std::string format(const char* translated, const auto&... args) {
  return fmt::format(fmt::runtime(translated), args...);
}

// Whole minutes: a week's figure in seconds reads as noise.
std::string minutes_of(core::Duration duration) {
  return spoken_duration(std::chrono::floor<std::chrono::minutes>(duration));
}

}  // namespace

core::Notification weekly_notification(const core::WeekSummary& summary, bool with_report) {
  core::Notification notification;
  notification.category = "x-screentime.report";
  notification.urgency = core::NotificationUrgency::low;
  notification.summary = format(tr("Your week: {}"), minutes_of(summary.active));
  const auto difference = summary.active - summary.week_before;
  const auto amount = difference < core::Duration{0} ? -difference : difference;
  if (summary.week_before <= core::Duration{0}) {
    notification.body = tr("No screen time the week before.");
  } else if (amount < std::chrono::minutes{1}) {
    notification.body = tr("The same as the week before.");
  } else {
    notification.body = format(difference < core::Duration{0} ? tr("{} less than the week before.")
                                                              : tr("{} more than the week before."),
                               minutes_of(amount));
  }
  if (with_report) {
    notification.actions.push_back({"open-report", tr("Open the report")});
  } else {
    notification.body += std::string(" ") + tr("For the report: screentimectl report --previous");
  }
  return notification;
}

}  // namespace screentime::app
