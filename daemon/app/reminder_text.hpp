#pragma once
// The words of a reminder: a Reminder from the break scheduler becomes the notification the
// user reads, in their language (gettext), with the resource that fits the moment.

#include <optional>

#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/notifier.hpp"
#include "daemon/core/resources.hpp"

namespace screentime::app {

struct ReminderContext {
  const core::BreakSettings& settings;
  std::optional<core::Resource> resource;  // linked from the text and the "open-resource" action
  core::UtcOffset offset{};                // local time, for "back at 14:05"
  bool markup = true;                      // the server renders body markup and links
};

core::Notification reminder_notification(const core::Reminder& reminder,
                                         const ReminderContext& context);

// "20 seconds", "5 minutes", "1 hour 30 minutes", in the user's language.
std::string spoken_duration(core::Duration duration);

}  // namespace screentime::app
