#include "daemon/app/control_commands.hpp"

#include <spdlog/spdlog.h>

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
  for (const auto& spec : protocol::command_table()) {
    const HandlerRow* handler = nullptr;
    for (const auto& row : handlers) {
      if (row.command == spec.name) handler = &row;
    }
    if (!handler) {
      throw std::logic_error("no handler for \"" + std::string(spec.name) + "\"");
    }
    commands_.push_back({&spec, handler});
  }
  if (handlers.size() != commands_.size()) {
    throw std::logic_error("a handler for a command that is not in the protocol's table");
  }
}

const ControlCommands::Command& ControlCommands::find(std::string_view name) const {
  for (const auto& command : commands_) {
    if (command.spec->name == name) return command;
  }
  throw ProtocolError(ErrorCode::unknown_command, "unknown command \"" + std::string(name) + "\"");
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
    authorize(*command.spec, peer_uid);
    auto result = command.handler->run(user_, args);
    if (command.handler->subscribes) {
      return {protocol::ok_reply(id, std::move(result)), true, id};
    }
    return {protocol::ok_reply(id, std::move(result)), false, nullptr};
  } catch (...) {
    return {error_reply_for_current_exception(id, name), false, nullptr};
  }
}

json ControlCommands::state_event() const { return to_json(state_reply(user_)); }

}  // namespace screentime::app
