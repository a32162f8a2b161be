#pragma once
// ConsoleNotifier: the notifier for machines without a notification server, and for
// --no-notifications: each notification becomes one log line. Loop thread only.

#include <string>

#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

class ConsoleNotifier final : public core::Notifier {
 public:
  void show(const core::Notification& n) override;
  void close() override;
  std::string describe() const override { return "console"; }
  bool has_actions() const override { return false; }
};

}  // namespace screentime::adapters
