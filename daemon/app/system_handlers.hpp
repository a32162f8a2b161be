#pragma once
// The handler of every command the system role answers (the table's rows with role `system`),
// one row each. A handler runs only after its arguments were checked, the user it concerns
// was found and the peer was allowed: it reads or acts through SystemControl and returns the
// reply's result. Loop thread only.

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>

#include "daemon/app/system_control.hpp"
#include "daemon/protocol/arguments.hpp"

namespace screentime::app {

// Whom a request concerns and who sent it, as ControlCommands found them.
struct SystemRequest {
  core::UserId target = 0;  // the user named, or the peer itself
  bool named = false;       // the request named the user
  bool from_admin = false;  // the peer is an administrator
  core::UserId peer = 0;    // who sent it
};

using SystemHandler = nlohmann::json (*)(SystemControl& system, const SystemRequest& request,
                                         const protocol::Arguments& args);

struct SystemHandlerRow {
  std::string_view command;
  SystemHandler run;
  bool subscribes = false;  // the connection then receives the user's standing as it changes
};

std::span<const SystemHandlerRow> system_handler_table();

// The user's standing against their limits, as `limits.status` answers it; null when the
// user has no limits.
nlohmann::json limit_standing(const SystemControl& system, core::UserId user);

}  // namespace screentime::app
