#pragma once
// ControlRoster: who holds a place on the control socket, and until when. It keeps each
// client's timing (connected, last complete line, unfinished line, subscribed), computes the
// request and idle deadlines, and chooses the client that makes room for a newcomer when the
// table or the newcomer's uid is full. Pure: no I/O, time passed in; loop thread only.
//
// "Silent the longest" ranks clients in three classes, then by how long they have waited:
//   1. unserved: no complete request yet; waiting since they connected. They cost a place
//      and have been given nothing, so they go first, the earliest connected first.
//   2. served and not subscribed: waiting since their last complete line.
//   3. subscribed: a `watch` stream has been served and is silent by design, for hours, so it
//      goes last; among subscribers, the longest since its last line first.
// An unfinished line does not make a client less silent: what counts is complete requests,
// so a client dribbling bytes ranks as if it sent nothing.

#include <sys/types.h>

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/adapters/control/control_limits.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class ControlRoster {
 public:
  // Why a client's deadline came.
  enum class Expiry {
    request,  // no complete request within request_timeout (of connecting, or of a line's start)
    idle,     // no complete line for idle_timeout after the last one
  };
  struct Expired {
    ClientId client;
    Expiry why;
  };

  explicit ControlRoster(const ControlLimits& limits) : limits_(limits) {}

  // The client to close before a newcomer from `uid` is taken: its uid's own client silent
  // the longest when that uid holds max_clients_per_uid places, else the client silent the
  // longest of all when the table holds max_clients; nullopt when there is room.
  std::optional<ClientId> make_room_for(uid_t uid) const;

  void add(ClientId client, uid_t uid, core::BootTime now);
  void remove(ClientId client);
  // The first bytes of a line arrived at `now`; its request deadline starts.
  void line_started(ClientId client, core::BootTime now);
  // A complete line arrived at `now`: the client is served, its silence starts again.
  void line_completed(ClientId client, core::BootTime now);
  void set_subscribed(ClientId client, bool subscribed);

  // The earliest deadline of any client; nullopt when none has one (no clients, or only
  // subscribers with no unfinished line), so an idle daemon does not wake.
  std::optional<core::BootTime> next_deadline() const;
  // The clients whose deadline is at or before `now`.
  std::vector<Expired> expired(core::BootTime now) const;

  std::size_t size() const { return clients_.size(); }
  std::size_t count(uid_t uid) const;

 private:
  struct Entry {
    uid_t uid = 0;
    core::BootTime connected_at{};
    std::optional<core::BootTime> last_line_at;     // none: unserved
    std::optional<core::BootTime> line_started_at;  // an unfinished line's first bytes
    bool subscribed = false;
  };
  struct Deadline {
    core::BootTime at;
    Expiry why;
  };

  std::optional<Deadline> deadline(const Entry& entry) const;
  // True when `a` is silent longer than `b` (goes first); ties go to the older id.
  static bool silent_longer(const std::pair<const ClientId, Entry>& a,
                            const std::pair<const ClientId, Entry>& b);

  const ControlLimits limits_;
  std::map<ClientId, Entry> clients_;
};

}  // namespace screentime::adapters
