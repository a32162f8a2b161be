#include "daemon/adapters/notify/console_notifier.hpp"

#include <spdlog/spdlog.h>

namespace screentime::adapters {

void ConsoleNotifier::show(const core::Notification& n) {
  // info, not debug: here the log is the only place the user can see the reminder.
  spdlog::info("notification: \"{}\": {}", n.summary, n.body);
}

void ConsoleNotifier::close() { spdlog::debug("notification closed"); }

}  // namespace screentime::adapters
