#pragma once
// The protocol's take-a-break commands (docs/protocol.md): break, pause, resume, breaks.
// Validate, then act on the daemon's BreakReminders. Loop thread only.

#include <nlohmann/json.hpp>

namespace screentime::app {

class Manager;

nlohmann::json answer_break(Manager& daemon, const nlohmann::json& args);
nlohmann::json pause_reminders(Manager& daemon, const nlohmann::json& args);
nlohmann::json resume_reminders(Manager& daemon);
// Per local day: how many breaks came due, were shown, taken, snoozed, skipped...
nlohmann::json breaks_report(Manager& daemon, const nlohmann::json& args);

}  // namespace screentime::app
