#pragma once
// ControlCommands: the daemon's side of the protocol. Each request line is parsed, its
// arguments checked against the command table, the peer authorized from the table, and only
// then its handler run (docs/protocol.md); every exception becomes an error reply in one
// place. The user role answers the table's user commands for its one user; the system role
// (serve_system_role) its system commands, for whichever user a request names. Loop thread
// only.

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/app/command_handlers.hpp"
#include "daemon/app/system_handlers.hpp"
#include "daemon/app/user_control.hpp"
#include "daemon/protocol/commands.hpp"

namespace screentime::app {

struct RequestOutcome {
  std::string reply;            // one line, no newline
  bool subscribe = false;       // the client asked for the event stream
  nlohmann::json subscription;  // the id to tag its events with
  // The system role: the stream is this user's standing against their limits.
  std::optional<core::UserId> standing_of;
};

class ControlCommands {
 public:
  // Throws std::logic_error when a command of the table has no handler: a build that cannot
  // answer one of its own commands must not start.
  explicit ControlCommands(UserControl& user);
  // From now on the system role's commands are answered, through `system`, and the user
  // role's are refused.
  void serve_system_role(SystemControl& system) { system_ = &system; }

  RequestOutcome handle(const adapters::PeerCredentials& peer, std::string_view line);
  // A peer known by its uid alone (no groups).
  RequestOutcome handle(uid_t peer_uid, std::string_view line);
  // The state event pushed to subscribers (also the subscribe reply's result).
  nlohmann::json state_event() const;

 private:
  struct Command {
    const protocol::CommandSpec* spec;
    const HandlerRow* handler = nullptr;               // role user
    const SystemHandlerRow* system_handler = nullptr;  // role system
  };

  const Command& find(std::string_view name) const;
  void check_role(const protocol::CommandSpec& command) const;
  void authorize(const protocol::CommandSpec& command, uid_t peer_uid) const;
  SystemRequest resolve(const protocol::CommandSpec& command, const adapters::PeerCredentials& peer,
                        const protocol::Arguments& args) const;
  void authorize(const protocol::CommandSpec& command, const adapters::PeerCredentials& peer,
                 const SystemRequest& request) const;

  UserControl& user_;
  SystemControl* system_ = nullptr;
  std::vector<Command> commands_;
};

}  // namespace screentime::app
