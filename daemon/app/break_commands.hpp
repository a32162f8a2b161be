#pragma once
// The protocol's take-a-break commands (docs/protocol.md): break, pause, resume, breaks. Their
// arguments are already checked against the command table; these act on one user's
// reminders and say what came of it. Loop thread only.

#include <nlohmann/json_fwd.hpp>

#include "daemon/app/user_control.hpp"
#include "daemon/protocol/arguments.hpp"

namespace screentime::app {

nlohmann::json answer_break(UserControl& user, const protocol::Arguments& args);
nlohmann::json pause_reminders(UserControl& user, const protocol::Arguments& args);
nlohmann::json resume_reminders(UserControl& user, const protocol::Arguments& args);
// Per local day: how many breaks came due, were shown, taken, snoozed, skipped...
nlohmann::json breaks_report(UserControl& user, const protocol::Arguments& args);

}  // namespace screentime::app
