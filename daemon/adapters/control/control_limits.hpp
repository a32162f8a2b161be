#pragma once
// The limits that keep the control socket's memory bounded by what clients can send and
// refuse to read: about (max_line_length + max_pending_output) per client, times max_clients.

#include <chrono>
#include <cstddef>

#include "daemon/core/time.hpp"

namespace screentime::adapters {

struct ControlLimits {
  // Longest line a client may send, without its '\n'. A longer one is refused and the client
  // closed; no more than this is ever buffered.
  std::size_t max_line_length = 64 * 1024;
  // Clients connected at once; one more is refused and closed, the others go on.
  std::size_t max_clients = 64;
  // Replies queued for one client that is not reading them (a stalled subscriber, say). A
  // client over it is dropped. One reply is always accepted when nothing is queued, so a
  // single large reply is not refused for its size alone.
  std::size_t max_pending_output = 1024 * 1024;
  // A client that sends no complete line for this long is closed, unless it is subscribed.
  core::Duration idle_timeout = std::chrono::seconds{30};
};

}  // namespace screentime::adapters
