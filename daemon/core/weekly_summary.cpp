#include "daemon/core/weekly_summary.hpp"

namespace screentime::core {

using std::chrono::days;
using std::chrono::sys_days;

LocalDate monday_of(LocalDate day) {
  const sys_days date{day};
  return LocalDate{date - days{(std::chrono::weekday{date}.c_encoding() + 6) % 7}};
}

std::optional<WeekSummary> WeeklySummary::on_active(LocalDate today,
                                                    const ActiveBetween& active_between) {
  const LocalDate monday = monday_of(today);
  if (checked_ == monday) return std::nullopt;
  checked_ = monday;
  // Use already this week: the week began before this run did (a restart, a new login), and
  // its first active moment has had its summary, or passed while the summary was off.
  if (active_between(monday, today) > Duration::zero()) return std::nullopt;
  const sys_days start{monday};
  WeekSummary summary{LocalDate{start - days{7}}, {}, {}};
  summary.active = active_between(summary.week, LocalDate{start - days{1}});
  if (summary.active <= Duration::zero()) return std::nullopt;
  summary.week_before = active_between(LocalDate{start - days{14}}, LocalDate{start - days{8}});
  return summary;
}

}  // namespace screentime::core
