#pragma once
// UsageReport: answers "how was the screen used" for a range of local days, from stored
// history plus the running interval up to now, as the protocol's reply types.

#include <string_view>

#include "daemon/core/clock.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/usage_tracker.hpp"
#include "daemon/protocol/arguments.hpp"
#include "daemon/protocol/replies.hpp"

namespace screentime::app {

class UsageReport {
 public:
  UsageReport(const core::Clock& clock, core::HistoryStore& store,
              const core::Accountant& accountant, core::UserId user, core::DayStart day_start);

  core::LocalDate today() const;
  // The totals of one day.
  protocol::DayTotals day(core::LocalDate date) const;
  // The protocol's usage result: by "day", "hour" or "interval" (from the `offset`th interval
  // of the range on, at most protocol::kMaxIntervalsPerReply of them).
  protocol::UsageReply usage(core::LocalDate from, core::LocalDate to, std::string_view by,
                             std::int64_t offset = 0) const;

 private:
  std::vector<core::Interval> intervals(core::LocalDate from, core::LocalDate to) const;
  // The reply's intervals from the `offset`th on; sets `next_offset` when more follow.
  std::vector<protocol::IntervalEntry> interval_page(
      core::LocalDate from, core::LocalDate to, std::int64_t offset,
      std::optional<std::int64_t>& next_offset) const;

  const core::Clock& clock_;
  core::HistoryStore& store_;
  const core::Accountant& accountant_;
  core::UserId user_;
  core::DayStart day_start_;
};

// The `usage` command's reply to `args` (`from`, `to`, `by`, defaults from today). A bad
// range is a ProtocolError.
protocol::UsageReply usage_reply(const UsageReport& report, const protocol::Arguments& args);

// Whole seconds per state, rounded to the nearest.
protocol::Totals totals_of(const core::StateTotals& totals);

}  // namespace screentime::app
