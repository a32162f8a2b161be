#pragma once
// What a user's session decided, queued in the history store: closed intervals, checkpoints,
// the break state with its checkpoint, the break events that are kept. Both roles write
// through it. Loop thread only.

#include "daemon/core/clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

// Whether anything was queued that should be written now (the caller flushes).
bool queue_session_output(core::HistoryStore& store, const core::Clock& clock, core::UserId user,
                          core::SessionOutput& output);

}  // namespace screentime::app
