#include "daemon/app/session_writes.hpp"

#include <spdlog/spdlog.h>

#include "daemon/protocol/duration_text.hpp"

namespace screentime::app {

bool queue_session_output(core::HistoryStore& store, const core::Clock& clock, core::UserId user,
                          core::SessionOutput& output) {
  bool written = false;
  for (const auto& step : output.tracker) {
    for (const auto& note : step.notes) {
      spdlog::debug("accounting: uid {}: {} by {}", user, core::to_string(note.kind),
                    protocol::format_duration(note.amount));
    }
    for (const auto& interval : step.closed) store.append(user, interval);
    if (step.checkpoint) store.save_last_seen(user, *step.checkpoint);
    written = written || !step.closed.empty() || step.checkpoint;
  }
  // In the same flush as its checkpoint: no write of its own.
  if (output.break_snapshot) store.save_break_snapshot(user, *output.break_snapshot);
  for (auto& event : output.break_events) {
    event.offset = clock.utc_offset(event.at);
    spdlog::debug("break {} {}{}{}", core::to_string(event.kind), core::to_string(event.type),
                  event.detail.empty() ? "" : ": ", event.detail);
    if (!core::is_stored(event.type)) continue;
    store.append_break_event(user, event);
    written = true;
  }
  return written;
}

}  // namespace screentime::app
