#include "daemon/app/limits_usage.hpp"

#include <chrono>

#include "daemon/app/usage_report.hpp"
#include "daemon/core/allowed_hours.hpp"
#include "daemon/core/day_attribution.hpp"

namespace screentime::app {
namespace {

// Limits count by local midnight, so the report and each grant and event do too.
constexpr core::DayStart kLimitDayStart{0};

}  // namespace

protocol::LimitsUsageReply limits_usage(SystemControl& system, core::UserId user,
                                        core::LocalDate from, core::LocalDate to,
                                        std::string_view by) {
  const core::UserSession& session = *system.limited_session(user);
  const core::UserLimits& limits = session.limits()->limits();
  const UsageReport report(system.clock(), system.history(), session.accountant(), user,
                           kLimitDayStart);
  protocol::LimitsUsageReply reply;
  reply.uid = user;
  reply.name = system.user_name(user);
  // A day and its neighbours in UTC cover the local days under any offset.
  const core::WallTime begin{std::chrono::sys_days{from} - std::chrono::days{1}};
  const core::WallTime end{std::chrono::sys_days{to} + std::chrono::days{2}};
  const auto grants = system.records().grants(user, begin, end);
  const auto events = system.records().events(user, begin, end);
  const auto by_day = report.usage(from, to, "day");
  for (const auto& day : *by_day.days) {
    protocol::LimitDayUsage usage;
    usage.date = day.date;
    usage.active_seconds = day.totals.active;
    usage.idle_seconds = day.totals.idle;
    const auto daily = limits.days[core::weekday_index(std::chrono::sys_days{day.date})].daily;
    if (daily) usage.limit_seconds = core::to_seconds(*daily);
    for (const auto& grant : grants) {
      if (core::attributed_day(grant.at, grant.offset, kLimitDayStart) == day.date)
        usage.granted_seconds += core::to_seconds(grant.extra);
    }
    if (usage.limit_seconds) {
      usage.over_seconds = std::max<std::int64_t>(
          0, usage.active_seconds - *usage.limit_seconds - usage.granted_seconds);
    }
    for (const auto& event : events) {
      if (core::attributed_day(event.at, event.offset, kLimitDayStart) != day.date) continue;
      usage.events.push_back({{event.at, event.offset},
                              event.kind == core::LimitEvent::Kind::time_up ? "time_up" : "action",
                              std::string(core::to_string(event.action)),
                              std::string(core::to_string(event.reason))});
    }
    reply.days.push_back(std::move(usage));
  }
  if (by == "hour") {
    reply.hours.emplace();
    const auto by_hour = report.usage(from, to, "hour");
    for (const auto& hour : *by_hour.hours) {
      reply.hours->push_back({hour.date, hour.hour, hour.totals.active});
    }
  }
  return reply;
}

}  // namespace screentime::app
