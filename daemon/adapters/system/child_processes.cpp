#include "daemon/adapters/system/child_processes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/adapters/system/loop_edge.hpp"

namespace screentime::adapters {
namespace {

// Returns the pid, or -1 with errno set.
pid_t spawn(const std::string& program, const std::vector<std::string>& arguments,
            const std::vector<std::string>& variables) {
  std::vector<std::string> owned = arguments;
  std::vector<char*> argv;
  for (auto& argument : owned) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::vector<std::string> owned_variables = variables;
  std::vector<char*> environment;
  for (auto& variable : owned_variables) environment.push_back(variable.data());
  environment.push_back(nullptr);

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
  const int result =
      posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environment.data());
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

ChildProcesses::Child::Child(boost::asio::io_context& io, pid_t pid_, int pidfd, std::string what_)
    : pid(pid_), exited(io, pidfd), what(std::move(what_)) {}

bool ChildProcesses::start(const std::string& program, const std::vector<std::string>& argv,
                           const std::vector<std::string>& environment, const std::string& what,
                           std::size_t limit) {
  if (running_.size() >= limit) {
    spdlog::warn("{} not started: {} programs started before are still running", what,
                 running_.size());
    return false;
  }
  const pid_t pid = spawn(program, argv, environment);
  if (pid < 0) {
    spdlog::warn("{} not started: cannot run \"{}\": {}", what, program, std::strerror(errno));
    return false;
  }
  const int pidfd = open_pidfd(pid);
  if (pidfd < 0) {
    // Without a pidfd there is no exit to wait for on the loop; a blocking wait is short (each
    // child bounds its life) and this needs a kernel older than Debian 12's.
    spdlog::warn("{}: cannot watch process {}: {}", what, pid, std::strerror(errno));
    waitpid(pid, nullptr, 0);
    return true;
  }
  spdlog::debug("{}: process {}", what, pid);
  running_.emplace_front(io_, pid, pidfd, what);
  watch(running_.begin());
  return true;
}

void ChildProcesses::watch(std::list<Child>::iterator child) {
  child->exited.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                           [this, child](const boost::system::error_code& error) {
                             if (error == boost::asio::error::operation_aborted) return;
                             at_loop_edge("child exit", [&] { reap(child); });
                           });
}

void ChildProcesses::reap(std::list<Child>::iterator child) {
  siginfo_t info{};
  if (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(child->exited.native_handle()),
             &info, WEXITED) == 0) {
    if (info.si_code != CLD_EXITED || info.si_status != 0) {
      spdlog::warn("{} failed ({} {})", child->what,
                   info.si_code == CLD_EXITED ? "exit status" : "signal", info.si_status);
    }
  }
  running_.erase(child);
}

}  // namespace screentime::adapters
