#pragma once
// ControlSession: joins the control socket's transport to the protocol's commands: greets
// each client, answers its lines, and pushes state changes to subscribers. Loop thread only.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/adapters/control/control_server.hpp"
#include "daemon/app/control_commands.hpp"

namespace screentime::app {

class ControlSession final : public adapters::ControlHandler {
 public:
  ControlSession(boost::asio::io_context& io, const core::Clock& clock,
                 std::filesystem::path socket, ControlCommands& commands,
                 adapters::SocketAccess access = adapters::SocketAccess::owner);

  // Listens; throws (another daemon is running, the folder is not private...).
  void start();
  // Sends the current state to every subscriber (the user role).
  void publish_state();
  // Sends `standing` (null: no limits) to every subscriber of its kind: in the user role all of
  // them, in the system role those who watch `user`'s standing.
  void publish_limits(core::UserId user, const nlohmann::json& standing);
  // Whether a connection watches `user`'s standing (the system role).
  bool watched(core::UserId user) const;
  // The user role: sends the event `name` with `fields` to every subscriber; whether any.
  void publish_event(std::string_view name, const nlohmann::json& fields);
  bool has_subscribers() const { return !subscribers_.empty(); }

  adapters::ControlServer& server() { return server_; }
  const std::filesystem::path& socket() const { return socket_; }

  void on_connect(adapters::ClientId client, const adapters::PeerCredentials& peer) override;
  void on_line(adapters::ClientId client, const adapters::PeerCredentials& peer,
               std::string_view line) override;
  void on_disconnect(adapters::ClientId client) override;
  std::string refusal(adapters::RefusalReason reason) override;

 private:
  std::filesystem::path socket_;
  ControlCommands& commands_;
  adapters::ControlServer server_;
  struct Subscriber {
    nlohmann::json id;                        // its events carry the subscription's id
    std::optional<core::UserId> standing_of;  // limits.watch: whose standing
  };
  std::map<adapters::ClientId, Subscriber> subscribers_;
};

}  // namespace screentime::app
