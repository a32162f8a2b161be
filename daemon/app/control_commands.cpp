#include "daemon/app/control_commands.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <stdexcept>

#include "daemon/adapters/store/store_error.hpp"
#include "daemon/protocol/arguments.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

constexpr uid_t kRoot = 0;

std::optional<core::UserId> uid_in_digits(std::string_view text) {
  core::UserId uid = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), uid);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return uid;
}

// The one place an exception becomes a wire error. Call from a catch block only.
std::string error_reply_for_current_exception(const json& id, std::string_view command) {
  try {
    throw;
  } catch (const ProtocolError& error) {
    return protocol::error_reply(id, error.code(), error.what());
  } catch (const adapters::StoreError& error) {
    // The history cannot be read now (locked, gone, broken): the client may try again.
    spdlog::warn("cannot answer \"{}\": {}", command, error.what());
    return protocol::error_reply(id, ErrorCode::unavailable, error.what());
  } catch (const std::exception& error) {
    spdlog::error("bug: \"{}\" failed: {}", command, error.what());
    return protocol::error_reply(id, ErrorCode::internal, error.what());
  } catch (...) {
    spdlog::error("bug: \"{}\" failed with an exception of unknown type", command);
    return protocol::error_reply(id, ErrorCode::internal, "an exception of unknown type");
  }
}

}  // namespace

ControlCommands::ControlCommands(UserControl& user) : user_(user) {
  const auto handlers = handler_table();
  const auto system_handlers = system_handler_table();
  for (const auto& spec : protocol::command_table()) {
    Command command{&spec};
    for (const auto& row : handlers) {
      if (row.command == spec.name) command.handler = &row;
    }
    for (const auto& row : system_handlers) {
      if (row.command == spec.name) command.system_handler = &row;
    }
    const bool system = spec.role == protocol::Role::system;
    if ((system ? command.system_handler == nullptr : command.handler == nullptr) ||
        (system ? command.handler != nullptr : command.system_handler != nullptr)) {
      throw std::logic_error("no handler, or one of the other role, for \"" +
                             std::string(spec.name) + "\"");
    }
    commands_.push_back(command);
  }
  if (handlers.size() + system_handlers.size() != commands_.size()) {
    throw std::logic_error("a handler for a command that is not in the protocol's table");
  }
}

const ControlCommands::Command& ControlCommands::find(std::string_view name) const {
  for (const auto& command : commands_) {
    if (command.spec->name == name) return command;
  }
  throw ProtocolError(ErrorCode::unknown_command, "unknown command \"" + std::string(name) + "\"");
}

void ControlCommands::check_role(const protocol::CommandSpec& command) const {
  const bool system_command = command.role == protocol::Role::system;
  if (system_command && system_ == nullptr) {
    throw ProtocolError(ErrorCode::refused, "\"" + std::string(command.name) +
                                                "\" is answered by the system role "
                                                "(screentimectl --system)");
  }
  if (!system_command && system_ != nullptr) {
    throw ProtocolError(ErrorCode::refused, "\"" + std::string(command.name) +
                                                "\" is answered by the user's own screentimed, "
                                                "not by the system role");
  }
}

// The user a system command concerns: the one named (a limited user's name, or any uid), else
// the peer. Only an administrator may name someone else; for anyone else a name that is not
// their own is refused as such, whether or not it names a limited user, so that nobody learns
// who is limited.
SystemRequest ControlCommands::resolve(const protocol::CommandSpec& command,
                                       const adapters::PeerCredentials& peer,
                                       const protocol::Arguments& args) const {
  SystemRequest request{peer.uid, false, system_->is_admin(peer), peer.uid};
  const auto named = command.targets_user ? args.text("user") : std::nullopt;
  if (!named) return request;
  request.named = true;
  auto user = system_->limited_user(*named);
  if (!user) user = uid_in_digits(*named);
  if (!request.from_admin && (!user || *user != peer.uid)) {
    throw ProtocolError(ErrorCode::permission_denied,
                        "only an administrator may name another user");
  }
  if (!user) {
    throw ProtocolError(ErrorCode::refused, "\"" + *named + "\" is not a limited user");
  }
  request.target = *user;
  return request;
}

void ControlCommands::authorize(const protocol::CommandSpec& command,
                                const adapters::PeerCredentials& peer,
                                const SystemRequest& request) const {
  switch (command.permission) {
    case protocol::Permission::anyone:
      return;
    case protocol::Permission::self:
      if (request.from_admin || request.target == peer.uid) return;
      throw ProtocolError(ErrorCode::permission_denied,
                          "\"" + std::string(command.name) + "\" is for the user it concerns");
    case protocol::Permission::admin:
      if (request.from_admin) return;
      throw ProtocolError(ErrorCode::permission_denied,
                          "\"" + std::string(command.name) + "\" is for an administrator");
  }
}

void ControlCommands::authorize(const protocol::CommandSpec& command, uid_t peer_uid) const {
  switch (command.permission) {
    case protocol::Permission::anyone:
      return;
    case protocol::Permission::self:
      // In the user role every request concerns the daemon's own user; root counts as admin.
      if (peer_uid == user_.user() || peer_uid == kRoot) return;
      throw ProtocolError(ErrorCode::permission_denied,
                          "\"" + std::string(command.name) + "\" is for the user it concerns");
    case protocol::Permission::admin:
      if (peer_uid == kRoot) return;
      throw ProtocolError(ErrorCode::permission_denied,
                          "\"" + std::string(command.name) + "\" is for an administrator");
  }
}

RequestOutcome ControlCommands::handle(uid_t peer_uid, std::string_view line) {
  return handle(adapters::PeerCredentials{0, peer_uid, 0, {}}, line);
}

RequestOutcome ControlCommands::handle(const adapters::PeerCredentials& peer,
                                       std::string_view line) {
  json id = nullptr;
  std::string name;
  try {
    auto request = protocol::parse_request(line);
    id = request.id;
    name = request.command;
    const Command& command = find(request.command);
    // Validate, then authorize, then act: a malformed request says so whoever sent it, and
    // nothing is read or changed for a peer that may not.
    const auto args = protocol::validate_arguments(*command.spec, request.args);
    check_role(*command.spec);
    if (system_ != nullptr) {
      const SystemRequest concerns = resolve(*command.spec, peer, args);
      authorize(*command.spec, peer, concerns);
      auto result = command.system_handler->run(*system_, concerns, args);
      if (command.system_handler->subscribes) {
        return {protocol::ok_reply(id, std::move(result)), true, id, concerns.target};
      }
      return {protocol::ok_reply(id, std::move(result)), false, nullptr, std::nullopt};
    }
    authorize(*command.spec, peer.uid);
    auto result = command.handler->run(user_, args);
    if (command.handler->subscribes) {
      return {protocol::ok_reply(id, std::move(result)), true, id, std::nullopt};
    }
    return {protocol::ok_reply(id, std::move(result)), false, nullptr, std::nullopt};
  } catch (...) {
    return {error_reply_for_current_exception(id, name), false, nullptr, std::nullopt};
  }
}

json ControlCommands::state_event() const { return to_json(state_reply(user_)); }

}  // namespace screentime::app
