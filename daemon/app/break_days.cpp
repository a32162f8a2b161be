#include "daemon/app/break_days.hpp"

#include <chrono>

#include "daemon/core/day_attribution.hpp"
#include "daemon/protocol/limits.hpp"

namespace screentime::app {
namespace {

protocol::BreaksDay empty_day(core::LocalDate date) {
  protocol::BreaksDay day{date, {}};
  for (auto kind : core::kAllReminderKinds) {
    auto& counts = day.counts[std::string(core::to_string(kind))];
    if (kind == core::ReminderKind::goal) {
      for (auto name : protocol::kGoalCounts) counts[std::string(name)] = 0;
    } else {
      for (auto name : protocol::kBreakCounts) counts[std::string(name)] = 0;
    }
  }
  return day;
}

}  // namespace

protocol::BreaksReply break_days(core::LocalDate today, core::DayStart day_start,
                                 const protocol::Arguments& args, const BreakEventsIn& events) {
  const auto from = args.date("from").value_or(today);
  const auto to = args.date("to").value_or(from > today ? from : today);
  protocol::check_report_range(from, to, protocol::kMaxBreakReportDays);
  protocol::BreaksReply reply;
  for (auto day = from; day <= to;
       day = core::LocalDate{std::chrono::sys_days{day} + std::chrono::days{1}}) {
    reply.days.push_back(empty_day(day));
  }
  const auto [utc_from, utc_to] = core::utc_range_of_days(from, to, day_start);
  for (const auto& event : events(utc_from, utc_to)) {
    const auto day = core::attributed_day(event.at, event.offset, day_start);
    const auto index = (std::chrono::sys_days{day} - std::chrono::sys_days{from}).count();
    if (index < 0 || index >= static_cast<long>(reply.days.size())) continue;
    auto& counts = reply.days[static_cast<std::size_t>(index)].counts;
    const auto kind = counts.find(core::to_string(event.kind));
    if (kind == counts.end()) continue;
    // Only the stored event types are counted; the others explain the scheduler's choices.
    if (const auto counter = kind->second.find(core::to_string(event.type));
        counter != kind->second.end()) {
      ++counter->second;
    }
  }
  return reply;
}

}  // namespace screentime::app
