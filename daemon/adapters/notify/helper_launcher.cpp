#include "daemon/adapters/notify/helper_launcher.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "daemon/adapters/notify/desktop_notice_helper.hpp"
#include "daemon/adapters/notify/run_as_helper.hpp"

namespace screentime::adapters {
std::string user_bus_address(const std::string& bus_template, core::UserId user) {
  std::string address;
  for (std::size_t i = 0; i < bus_template.size(); ++i) {
    if (bus_template[i] == '%' && i + 1 < bus_template.size()) {
      if (bus_template[i + 1] == 'U') {
        address += std::to_string(user);
        ++i;
        continue;
      }
      if (bus_template[i + 1] == '%') {
        address += '%';
        ++i;
        continue;
      }
    }
    address += bus_template[i];
  }
  return address;
}

HelperLauncher::HelperLauncher(boost::asio::io_context& io, std::string bus_template)
    : bus_template_(std::move(bus_template)), children_(io) {}

// Helpers still running finish on their own (each bounds its life); as the daemon's children
// they are reaped by whoever inherits them.
HelperLauncher::~HelperLauncher() = default;

void HelperLauncher::show(core::UserId user, const core::Notification& notification,
                          const core::AnsweringActions& answers) {
  const std::string bus = user_bus_address(bus_template_, user);
  const bool question = !answers.actions.empty();
  if (question && children_.running() >= kMaxQuestions) {
    // Shown without its buttons: the commands still answer it.
    spdlog::warn("uid {}: \"{}\" shown without buttons: {} helpers are running", user,
                 notification.summary, children_.running());
    launch(user, kDesktopNoticeMode, notice_arguments({user, bus, notification, {}}),
           "notification \"" + notification.summary + "\" on " + bus);
    return;
  }
  launch(user, kDesktopNoticeMode, notice_arguments({user, bus, notification, answers}),
         "notification \"" + notification.summary + "\" on " + bus);
}

void HelperLauncher::run_as(core::UserId user, const std::vector<std::string>& command) {
  if (command.empty()) return;
  launch(user, kRunAsMode, run_as_arguments(user, command), "command " + command.front());
}

void HelperLauncher::launch(core::UserId user, const char* mode,
                            const std::vector<std::string>& arguments, const std::string& what) {
  std::vector<std::string> argv = {"screentimed", mode};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  // The running program, even after a package upgrade replaced its file, with an empty
  // environment: the helper needs none.
  children_.start("/proc/self/exe", argv, {}, "uid " + std::to_string(user) + ": " + what,
                  kMaxRunning);
}

std::string HelperLauncher::describe() const { return "helper on " + bus_template_; }

}  // namespace screentime::adapters
