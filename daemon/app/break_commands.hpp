#pragma once
// The protocol's take-a-break commands (docs/protocol.md): break, pause, resume, breaks.
// Validate, then act on the daemon's BreakReminders. Loop thread only.

#include <nlohmann/json.hpp>

namespace screentime::app {

class Daemon;

nlohmann::json answer_break(Daemon& daemon, const nlohmann::json& args);
nlohmann::json pause_reminders(Daemon& daemon, const nlohmann::json& args);
nlohmann::json resume_reminders(Daemon& daemon);
// Per local day: how many breaks came due, were shown, taken, snoozed, skipped...
nlohmann::json breaks_report(Daemon& daemon, const nlohmann::json& args);

}  // namespace screentime::app
