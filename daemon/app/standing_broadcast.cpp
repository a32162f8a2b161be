#include "daemon/app/standing_broadcast.hpp"

#include "daemon/app/system_handlers.hpp"
#include "daemon/protocol/limit_standing.hpp"

namespace screentime::app {

void StandingBroadcast::changed(core::UserId user) {
  // Nobody watching: nothing to work out. A watcher who comes later gets the standing in its
  // reply, and the next change is pushed whatever it is.
  if (!control_.watched(user)) {
    shapes_.erase(user);
    return;
  }
  auto standing = limit_standing(system_, user);
  auto shape = protocol::standing_shape(standing);
  const auto last = shapes_.find(user);
  if (last != shapes_.end() && last->second == shape) return;
  shapes_[user] = std::move(shape);
  control_.publish_limits(user, standing);
}

}  // namespace screentime::app
