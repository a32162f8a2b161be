#include "daemon/app/control_session.hpp"

#include <algorithm>

#include "daemon/protocol/wire.hpp"

namespace screentime::app {

ControlSession::ControlSession(boost::asio::io_context& io, const core::Clock& clock,
                               std::filesystem::path socket, ControlCommands& commands,
                               adapters::SocketAccess access)
    : socket_(std::move(socket)),
      commands_(commands),
      server_(io, clock, socket_, *this, {}, access) {}

void ControlSession::start() { server_.start(); }

void ControlSession::on_connect(adapters::ClientId client, const adapters::PeerCredentials&) {
  server_.send(client, protocol::greeting(SCREENTIME_VERSION));
}

void ControlSession::on_line(adapters::ClientId client, const adapters::PeerCredentials& peer,
                             std::string_view line) {
  auto outcome = commands_.handle(peer, line);
  server_.send(client, std::move(outcome.reply));
  if (outcome.subscribe) {
    subscribers_[client] = {std::move(outcome.subscription), outcome.standing_of};
    server_.set_subscribed(client, true);
  }
}

void ControlSession::on_disconnect(adapters::ClientId client) { subscribers_.erase(client); }

std::string ControlSession::refusal(adapters::RefusalReason reason) {
  switch (reason) {
    case adapters::RefusalReason::line_too_long:
      return protocol::error_reply(nullptr, protocol::ErrorCode::line_too_long,
                                   "a request line may be at most 64 KiB; closing");
    case adapters::RefusalReason::too_many_clients:
      return protocol::error_reply(
          nullptr, protocol::ErrorCode::too_many_clients,
          "too many clients connected: closing this one, silent the longest, to make room");
  }
  return protocol::error_reply(nullptr, protocol::ErrorCode::internal, "refused");
}

void ControlSession::publish_state() {
  // Only the user role's subscribers hear states: the system role has none to tell.
  const bool anyone = std::ranges::any_of(
      subscribers_, [](const auto& each) { return !each.second.standing_of.has_value(); });
  if (anyone) publish_event("state", commands_.state_event());
}

void ControlSession::publish_event(std::string_view name, const nlohmann::json& fields) {
  for (const auto& [client, subscriber] : subscribers_) {
    if (!subscriber.standing_of)
      server_.send(client, protocol::event_line(subscriber.id, name, fields));
  }
}

bool ControlSession::watched(core::UserId user) const {
  return std::ranges::any_of(subscribers_,
                             [user](const auto& each) { return each.second.standing_of == user; });
}

void ControlSession::publish_limits(core::UserId user, const nlohmann::json& standing) {
  for (const auto& [client, subscriber] : subscribers_) {
    if (subscriber.standing_of && *subscriber.standing_of != user) continue;
    server_.send(client, protocol::event_line(subscriber.id, "limits", {{"limits", standing}}));
  }
}

}  // namespace screentime::app
