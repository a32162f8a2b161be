#include "tests/integration/daemon_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

extern char** environ;

namespace screentime::testing {

std::map<std::string, std::string> current_environment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) environment[text.substr(0, equals)] = text.substr(equals + 1);
  }
  return environment;
}

DaemonProcess::DaemonProcess(const std::vector<std::string>& arguments,
                             std::optional<std::map<std::string, std::string>> environment,
                             bool journal_stream) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  std::vector<std::string> env_strings;
  if (environment) {
    for (const auto& [name, value] : *environment) env_strings.push_back(name + "=" + value);
  }
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(fds[1], STDERR_FILENO);
    if (journal_stream) {
      struct stat status {};
      fstat(STDERR_FILENO, &status);
      const std::string stream =
          std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino);
      setenv("JOURNAL_STREAM", stream.c_str(), 1);
    }
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    if (environment) {
      std::vector<char*> envp;
      for (auto& entry : env_strings) envp.push_back(entry.data());
      envp.push_back(nullptr);
      execve(argv[0], argv.data(), envp.data());
    } else {
      execv(argv[0], argv.data());
    }
    _exit(127);
  }
  close(fds[1]);
  stderr_fd_ = fds[0];
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (stderr_fd_ >= 0) close(stderr_fd_);
}

bool DaemonProcess::read_some(std::chrono::milliseconds timeout) {
  pollfd readable{stderr_fd_, POLLIN, 0};
  if (poll(&readable, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buffer[4096];
  const ssize_t length = read(stderr_fd_, buffer, sizeof buffer);
  if (length <= 0) return false;
  log_.append(buffer, static_cast<std::size_t>(length));
  return true;
}

bool DaemonProcess::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (const auto found = log_.find(text, searched_); found != std::string::npos) {
      searched_ = found + text.size();
      return true;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !read_some(left)) return false;
  }
}

void DaemonProcess::signal(int number) {
  if (pid_ > 0) kill(pid_, number);
}

int DaemonProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      while (read_some(std::chrono::milliseconds{0})) {
      }
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() > until) return -1;
    // The log pipe closes when the daemon exits: wait on it rather than spin.
    read_some(std::chrono::milliseconds{50});
  }
  return -1;
}

const std::string& DaemonProcess::log() {
  while (stderr_fd_ >= 0 && read_some(std::chrono::milliseconds{0})) {
  }
  return log_;
}

}  // namespace screentime::testing
