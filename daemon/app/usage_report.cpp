#include "daemon/app/usage_report.hpp"

#include <limits>

#include "daemon/protocol/limits.hpp"

namespace screentime::app {
namespace {

std::int64_t whole_seconds(core::Duration duration) { return (duration.count() + 500) / 1000; }

}  // namespace

protocol::Totals totals_of(const core::StateTotals& totals) {
  using core::ActivityState;
  return {whole_seconds(totals[ActivityState::active]), whole_seconds(totals[ActivityState::idle]),
          whole_seconds(totals[ActivityState::locked]),
          whole_seconds(totals[ActivityState::asleep]),
          whole_seconds(totals[ActivityState::unknown])};
}

UsageReport::UsageReport(const core::Clock& clock, core::HistoryStore& store,
                         const core::Accountant& accountant, core::UserId user,
                         core::DayStart day_start)
    : clock_(clock), store_(store), accountant_(accountant), user_(user), day_start_(day_start) {}

core::LocalDate UsageReport::today() const {
  const auto now = clock_.now().wall;
  return core::attributed_day(now, clock_.utc_offset(now), day_start_);
}

std::vector<core::Interval> UsageReport::intervals(core::LocalDate from, core::LocalDate to) const {
  const auto [utc_from, utc_to] = core::utc_range_of_days(from, to, day_start_);
  auto found = store_.intervals(user_, utc_from, utc_to);
  if (auto open = accountant_.open_interval(clock_.now())) {
    if (open->duration > core::Duration::zero()) found.push_back(std::move(*open));
  }
  return found;
}

// The stored and queued intervals, then the open one: a page read from the store alone, so a
// reply over ten years reads its 10000 rows, not all of them.
std::vector<protocol::IntervalEntry> UsageReport::interval_page(
    core::LocalDate from, core::LocalDate to, std::int64_t offset,
    std::optional<std::int64_t>& next_offset) const {
  const auto [utc_from, utc_to] = core::utc_range_of_days(from, to, day_start_);
  const auto limit = static_cast<std::int64_t>(protocol::kMaxIntervalsPerReply);
  // One more than a reply holds, to know whether another reply follows.
  auto page = store_.interval_page(user_, utc_from, utc_to, offset, limit + 1);
  const auto open = accountant_.open_interval(clock_.now());
  if (open && open->duration > core::Duration::zero() && open->end() > utc_from &&
      open->start < utc_to && page.total >= offset && page.total <= offset + limit) {
    page.intervals.push_back(*open);  // its index is page.total
  }
  if (static_cast<std::int64_t>(page.intervals.size()) > limit) {
    page.intervals.resize(static_cast<std::size_t>(limit));
    next_offset = offset + limit;
  }
  std::vector<protocol::IntervalEntry> list;
  list.reserve(page.intervals.size());
  for (const auto& interval : page.intervals) {
    list.push_back({std::string(core::to_string(interval.state)),
                    {interval.start, interval.utc_offset},
                    {interval.end(), interval.utc_offset},
                    interval.duration,
                    interval.source,
                    interval.detail});
  }
  return list;
}

protocol::DayTotals UsageReport::day(core::LocalDate date) const {
  const auto days = core::totals_per_day(intervals(date, date), date, date, day_start_);
  return {date, totals_of(days.front().totals)};
}

protocol::UsageReply UsageReport::usage(core::LocalDate from, core::LocalDate to,
                                        std::string_view by, std::int64_t offset) const {
  protocol::UsageReply reply;
  reply.day_start = day_start_;
  if (by == "interval") {
    reply.intervals = interval_page(from, to, offset, reply.next_offset);
    return reply;
  }
  const auto found = intervals(from, to);
  if (by == "hour") {
    auto& list = reply.hours.emplace();
    for (const auto& hour : core::totals_per_hour(found, from, to, day_start_)) {
      list.push_back({hour.day, hour.hour, totals_of(hour.totals)});
    }
  } else {
    auto& list = reply.days.emplace();
    for (const auto& day : core::totals_per_day(found, from, to, day_start_)) {
      list.push_back({day.day, totals_of(day.totals)});
    }
  }
  return reply;
}

protocol::UsageReply usage_reply(const UsageReport& report, const protocol::Arguments& args) {
  const auto today = report.today();
  const auto from = args.date("from").value_or(today);
  const auto to = args.date("to").value_or(from > today ? from : today);
  const std::string by = args.text("by").value_or("day");
  // By interval only stored rows are read: no bound but the order of the days.
  protocol::check_report_range(from, to,
                               by == "interval" ? std::numeric_limits<int>::max()
                               : by == "hour"   ? protocol::kMaxHourReportDays
                                                : protocol::kMaxReportDays);
  return report.usage(from, to, by, args.count("offset").value_or(0));
}

}  // namespace screentime::app
