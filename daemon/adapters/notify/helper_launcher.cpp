#include "daemon/adapters/notify/helper_launcher.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "daemon/adapters/notify/desktop_notice_helper.hpp"
#include "daemon/adapters/notify/run_as_helper.hpp"
#include "daemon/adapters/system/loop_edge.hpp"

namespace screentime::adapters {
namespace {

// The running program, even after a package upgrade replaced its file.
constexpr const char* kSelf = "/proc/self/exe";

// Starts the helper with a clean slate: default signal actions and no blocked signals, stdin
// from /dev/null, no descriptor of the daemon's but stdout and stderr (the journal), and an
// empty environment (the helper needs none). Returns the pid, or -1 with errno set.
pid_t spawn_helper(const char* mode_argument, const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  std::string program = "screentimed";
  std::string mode = mode_argument;
  argv.push_back(program.data());
  argv.push_back(mode.data());
  std::vector<std::string> owned = arguments;
  for (auto& argument : owned) argv.push_back(argument.data());
  argv.push_back(nullptr);
  char* environment[] = {nullptr};

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int result = posix_spawn(&pid, kSelf, &actions, &attributes, argv.data(), environment);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (result != 0) {
    errno = result;
    return -1;
  }
  return pid;
}

// Debian 12's <sys/pidfd.h> declares pidfd_open without C linkage, so C++ cannot link it.
int open_pidfd(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0U)); }

}  // namespace

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

HelperLauncher::Helper::Helper(boost::asio::io_context& io, pid_t pid_, int pidfd,
                               core::UserId user_)
    : pid(pid_), exited(io, pidfd), user(user_) {}

HelperLauncher::HelperLauncher(boost::asio::io_context& io, std::string bus_template)
    : io_(io), bus_template_(std::move(bus_template)) {}

// Helpers still running finish on their own (each bounds its life); as the daemon's children
// they are reaped by whoever inherits them.
HelperLauncher::~HelperLauncher() = default;

void HelperLauncher::show(core::UserId user, const core::Notification& notification,
                          const core::AnsweringActions& answers) {
  const std::string bus = user_bus_address(bus_template_, user);
  const bool question = !answers.actions.empty();
  if (question && running_.size() >= kMaxQuestions) {
    // Shown without its buttons: the commands still answer it.
    spdlog::warn("uid {}: \"{}\" shown without buttons: {} helpers are running", user,
                 notification.summary, running_.size());
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
  if (running_.size() >= kMaxRunning) {
    spdlog::warn("uid {}: {} not started: {} helpers are still running", user, what,
                 running_.size());
    return;
  }
  const pid_t pid = spawn_helper(mode, arguments);
  if (pid < 0) {
    spdlog::warn("uid {}: {} not started: cannot start the helper: {}", user, what,
                 std::strerror(errno));
    return;
  }
  const int pidfd = open_pidfd(pid);
  if (pidfd < 0) {
    // Without a pidfd there is no exit to wait for on the loop; a blocking wait is short (the
    // helper bounds its life) and this needs a kernel older than Debian 12's.
    spdlog::warn("uid {}: cannot watch the helper: {}", user, std::strerror(errno));
    waitpid(pid, nullptr, 0);
    return;
  }
  spdlog::debug("uid {}: {} through helper {}", user, what, pid);
  running_.emplace_front(io_, pid, pidfd, user);
  watch(running_.begin());
}

void HelperLauncher::watch(std::list<Helper>::iterator helper) {
  helper->exited.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                            [this, helper](const boost::system::error_code& error) {
                              if (error == boost::asio::error::operation_aborted) return;
                              at_loop_edge("helper exit", [&] { reap(helper); });
                            });
}

void HelperLauncher::reap(std::list<Helper>::iterator helper) {
  siginfo_t info{};
  if (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(helper->exited.native_handle()),
             &info, WEXITED) == 0) {
    if (info.si_code != CLD_EXITED || info.si_status != 0) {
      spdlog::warn("uid {}: a helper failed ({} {})", helper->user,
                   info.si_code == CLD_EXITED ? "exit status" : "signal", info.si_status);
    }
  }
  running_.erase(helper);
}

std::string HelperLauncher::describe() const { return "helper on " + bus_template_; }

}  // namespace screentime::adapters
