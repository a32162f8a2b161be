#pragma once
// UserControl: what the control commands need of one user's tracking: its figures and state,
// its reminders, its config and its history. The commands see only this, never the daemon:
// the same handlers serve whichever object holds a user (the Manager, for the user role).
// Loop thread only.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/app/config_state.hpp"
#include "daemon/app/usage_report.hpp"
#include "daemon/core/activity.hpp"
#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/breaks.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/interval.hpp"
#include "daemon/protocol/break_replies.hpp"
#include "daemon/protocol/replies.hpp"

namespace screentime::app {

// The parts of `status` that only the running daemon knows.
struct StatusParts {
  std::string activity_source;  // in words
  protocol::ActivityReply activity;
  std::filesystem::path database;
  std::string database_damage;  // "" while the file was never found damaged
  std::size_t pending_writes = 0;
  nlohmann::json limits;  // the standing against a parent's limits, counted to now; or null
};

class UserControl {
 public:
  virtual ~UserControl() = default;

  virtual core::UserId user() const = 0;
  virtual const core::Clock& clock() const = 0;

  // Tracking: the state now and the interval running, and the figures of any days.
  virtual core::ActivityState activity_state() const = 0;
  virtual std::optional<core::Interval> open_interval() const = 0;
  virtual UsageReport report() const = 0;
  virtual StatusParts status_parts() const = 0;

  // The take-a-break reminders.
  virtual protocol::BreakState break_state() const = 0;
  virtual core::AnswerResult answer_break(core::BreakAnswer answer) = 0;
  virtual void pause_reminders(std::optional<core::WallTime> until) = 0;
  virtual std::vector<core::BreakEvent> break_events(core::WallTime from, core::WallTime to) = 0;

  // Config: what is in force, and reading the file again (false: it has errors, the config
  // in force stays).
  virtual const ConfigState& config_state() const = 0;
  virtual bool reload_config() = 0;

  // The wellbeing resource catalog for `languages`, most wanted first (empty: the user's
  // own), English when none of them has one; nullopt when none is installed.
  virtual std::optional<std::filesystem::path> resource_catalog(
      const std::vector<std::string>& languages) const = 0;

  // History: deletes what ended before `cutoff`.
  virtual void forget_before(core::WallTime cutoff) = 0;
};

}  // namespace screentime::app
