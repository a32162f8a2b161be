#pragma once
// HelperLauncher: starts the system role's short-lived helper processes, this very program
// started again with a mode argument, that become a user for good: one per notification on
// the user's desktop (see desktop_notice_helper.hpp; it talks to their session bus, whether or
// not the user's own screentimed runs), and one per run of a parent's command (see
// run_as_helper.hpp). The launch never waits: the helper's exit is watched on a pidfd through
// the loop, and the helper bounds its own life. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <string>

#include "daemon/adapters/system/child_processes.hpp"
#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

class HelperLauncher final : public core::UserNotifier, public core::CommandRunner {
 public:
  // `bus_template`: the user's session bus address, with %U for the uid and %% for a %:
  // "unix:path=/run/user/%U/bus" where systemd runs the user's bus.
  HelperLauncher(boost::asio::io_context& io, std::string bus_template);
  ~HelperLauncher() override;

  void show(core::UserId user, const core::Notification& notification,
            const core::AnsweringActions& answers = {}) override;
  std::string describe() const override;
  // CommandRunner: the command through the run-as helper (see run_as_helper.hpp).
  void run_as(core::UserId user, const std::vector<std::string>& command) override;

  // At most this many helpers at once; more are refused, and said in the log. Questions
  // (buttons that wait for a click) may take only half, so that warnings always find room.
  static constexpr std::size_t kMaxRunning = 16;
  static constexpr std::size_t kMaxQuestions = kMaxRunning / 2;

 private:
  // Starts `mode` with `arguments`; `what` names it in the log.
  void launch(core::UserId user, const char* mode, const std::vector<std::string>& arguments,
              const std::string& what);

  std::string bus_template_;
  ChildProcesses children_;
};

// The template with %U replaced by `user` and %% by %.
std::string user_bus_address(const std::string& bus_template, core::UserId user);

}  // namespace screentime::adapters
