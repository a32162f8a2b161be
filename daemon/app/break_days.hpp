#pragma once
// The `breaks` command's days: what happened to reminders per local day, counted from the
// stored take-a-break events. Shared by screentimed and by screentimectl reading the history
// file while the daemon is stopped, so both count alike.

#include <functional>
#include <vector>

#include "daemon/core/breaks.hpp"
#include "daemon/core/config.hpp"
#include "daemon/protocol/arguments.hpp"
#include "daemon/protocol/replies.hpp"

namespace screentime::app {

// The stored events with `from <= at < to`, in order.
using BreakEventsIn = std::function<std::vector<core::BreakEvent>(core::WallTime, core::WallTime)>;

// The days `args` asks for (`from`, `to`, defaults from `today`), each with its counts;
// `breaks` (the state now) is left as constructed. A bad range is a ProtocolError.
protocol::BreaksReply break_days(core::LocalDate today, core::DayStart day_start,
                                 const protocol::Arguments& args, const BreakEventsIn& events);

}  // namespace screentime::app
