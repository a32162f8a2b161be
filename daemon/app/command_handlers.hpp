#pragma once
// The handler of every command in the protocol's table (daemon/protocol/commands.cpp), one
// row each. A handler runs only after its arguments were checked against the table and the
// peer was allowed: it acts on one user, through UserControl, and returns the reply's result.
// Loop thread only.

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>

#include "daemon/app/user_control.hpp"
#include "daemon/protocol/arguments.hpp"

namespace screentime::app {

using CommandHandler = nlohmann::json (*)(UserControl& user, const protocol::Arguments& args);

struct HandlerRow {
  std::string_view command;
  CommandHandler run;
  bool subscribes = false;  // the connection then receives the state events
};

std::span<const HandlerRow> handler_table();

// The state pushed to subscribers (and the subscribe reply's result).
protocol::StateReply state_reply(const UserControl& user);

}  // namespace screentime::app
