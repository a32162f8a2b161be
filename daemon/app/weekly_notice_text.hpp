#pragma once
// The words of the weekly summary: "Your week: 21 hours 30 minutes" and how that compares
// with the week before, with a button that opens last week's report. In the daemon's language.

#include "daemon/core/notifier.hpp"
#include "daemon/core/weekly_summary.hpp"

namespace screentime::app {

// `with_report`: a button opens the report ("open-report"); without it, the body says which
// command draws it.
core::Notification weekly_notification(const core::WeekSummary& summary, bool with_report);

}  // namespace screentime::app
