#pragma once
// The limits that keep the control socket's memory bounded by what clients can send and
// refuse to read: about (max_line_length + max_pending_output) per client, times max_clients;
// and the deadlines and shares that keep any one client, or any one uid, from holding the
// socket against the others.

#include <chrono>
#include <cstddef>

#include "daemon/core/time.hpp"

namespace screentime::adapters {

struct ControlLimits {
  // Longest line a client may send, without its '\n'. A longer one is refused and the client
  // closed; no more than this is ever buffered.
  std::size_t max_line_length = 64 * 1024;
  // Clients connected at once. A newcomer is always taken: when the table is full, the client
  // silent the longest is closed to make room (see ControlRoster for the order), so silent
  // connections cannot lock anyone out.
  std::size_t max_clients = 64;
  // Clients of one uid (SO_PEERCRED) connected at once: half the table, so in the system role
  // one user cannot take the places of another. A newcomer over it closes its own uid's
  // client silent the longest.
  std::size_t max_clients_per_uid = 32;
  // Replies queued for one client that is not reading them (a stalled subscriber, say). A
  // client over it is dropped. One reply is always accepted when nothing is queued, so a
  // single large reply is not refused for its size alone.
  std::size_t max_pending_output = 1024 * 1024;
  // A client that has not completed a request this long after connecting, or a line this
  // long after its first bytes, is closed: it holds a place and asks for nothing. Generous
  // for any program (screentimectl sends its request at once), short for a crowd.
  core::Duration request_timeout = std::chrono::seconds{5};
  // A served client that sends no complete line for this long after its last one is closed,
  // unless it is subscribed.
  core::Duration idle_timeout = std::chrono::seconds{30};
};

}  // namespace screentime::adapters
