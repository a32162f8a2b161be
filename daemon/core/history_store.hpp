#pragma once
// HistoryStore: where closed intervals, take-a-break events, the last checkpoint and where the
// break timers stood are kept.
// Implemented by the SQLite adapter; the core never calls it, the daemon wires the two together.
//
// Writes are queued in memory and written by flush(), so a storage failure (locked, read-only,
// full disk) never loses an interval or event: it stays queued and flush() says when to try again.
// Called from the daemon's loop thread only.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/breaks.hpp"
#include "daemon/core/interval.hpp"

namespace screentime::core {

struct FlushOutcome {
  bool written = true;                  // everything queued is now on disk
  std::optional<Duration> retry_after;  // when not written: try again after this long
  std::string error;                    // when not written: what went wrong, for the log
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;

  // Queue a closed interval for `user`.
  virtual void append(UserId user, const Interval& interval) = 0;
  // Queue the latest checkpoint for `user`; it replaces any earlier one.
  virtual void save_last_seen(UserId user, const LastSeen& last_seen) = 0;
  // Queue a take-a-break event for `user`. Only types with is_stored() are kept; the others
  // explain the scheduler's choices and are ignored here.
  virtual void append_break_event(UserId user, const BreakEvent& event) = 0;
  // Queue where the take-a-break timers of `user` stand; it replaces any earlier one.
  virtual void save_break_snapshot(UserId user, const BreakSnapshot& snapshot) = 0;
  // Write everything queued, in one transaction.
  virtual FlushOutcome flush() = 0;
  // How many intervals and break events wait in memory for a successful flush.
  virtual std::size_t pending() const = 0;

  // The checkpoint saved last (queued or written), if any.
  virtual std::optional<LastSeen> last_seen(UserId user) = 0;
  // The break snapshot saved last (queued or written), if any.
  virtual std::optional<BreakSnapshot> break_snapshot(UserId user) = 0;
  // Every interval of `user` that overlaps [from, to), ordered by start; queued ones included.
  virtual std::vector<Interval> intervals(UserId user, WallTime from, WallTime to) = 0;
  // A page of what intervals() returns: from the `skip`th on, at most `limit`, and how many
  // there are in all. A store that can should read no more than the page.
  struct IntervalPage {
    std::vector<Interval> intervals;
    std::int64_t total = 0;
  };
  virtual IntervalPage interval_page(UserId user, WallTime from, WallTime to, std::int64_t skip,
                                     std::int64_t limit) {
    std::vector<Interval> all = intervals(user, from, to);
    IntervalPage page;
    page.total = static_cast<std::int64_t>(all.size());
    const auto first = std::min(std::max<std::int64_t>(skip, 0), page.total);
    const auto last = std::min(page.total, first + std::max<std::int64_t>(limit, 0));
    page.intervals.assign(std::make_move_iterator(all.begin() + first),
                          std::make_move_iterator(all.begin() + last));
    return page;
  }
  // Every stored break event of `user` with `from <= at < to`, ordered by time (insertion
  // order among equal times); queued ones included.
  virtual std::vector<BreakEvent> break_events(UserId user, WallTime from, WallTime to) = 0;
  // Retention and `forget`: delete the intervals of `user` that ended, and the break events
  // of `user` that happened, before `cutoff`. Other users' history stays. The checkpoint and
  // the break snapshot stay too: they describe the present, not history.
  virtual void purge_before(UserId user, WallTime cutoff) = 0;

  // When the history file was found damaged and replaced (this run): what was done, for the
  // log and `status` ("" when nothing happened).
  virtual std::string damage() const { return {}; }
};

}  // namespace screentime::core
