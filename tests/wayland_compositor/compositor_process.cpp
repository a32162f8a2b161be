#include "tests/wayland_compositor/compositor_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace screentime::testing {
namespace {

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

// Reads one line from `fd`, waiting at most until `until`; empty at end of file or timeout.
std::string read_line(int fd, std::chrono::steady_clock::time_point until) {
  std::string line;
  while (true) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd output{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&output, 1, static_cast<int>(left.count())) <= 0) return {};
    char c = 0;
    const ssize_t length = read(fd, &c, 1);
    if (length <= 0) return {};
    if (c == '\n') return line;
    line.push_back(c);
  }
}

}  // namespace

CompositorProcess::CompositorProcess(const std::string& program,
                                     const std::vector<std::string>& arguments,
                                     std::chrono::milliseconds timeout) {
  int commands[2] = {-1, -1};
  int output[2] = {-1, -1};
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, commands) != 0) {
    throw system_error("socketpair");
  }
  if (pipe2(output, O_CLOEXEC) != 0) {
    ::close(commands[0]);
    ::close(commands[1]);
    throw system_error("pipe2");
  }
  commands_ = commands[0];
  output_ = output[0];

  std::vector<std::string> words{program};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, commands[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO);
  const int spawned = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(commands[1]);
  ::close(output[1]);
  if (spawned != 0) {
    pid_ = -1;
    close_pipes();
    errno = spawned;
    throw system_error("cannot start " + program);
  }

  const std::string line = read_line(output_, std::chrono::steady_clock::now() + timeout);
  if (!line.starts_with("ready ")) {
    kill();
    throw std::runtime_error(program + " did not get ready (said \"" + line + "\")");
  }
  socket_ = line.substr(6);
}

CompositorProcess::~CompositorProcess() {
  if (pid_ < 0) return;
  send("quit");
  // It has exited when its stdout closes.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  while (!read_line(output_, until).empty()) {
  }
  ::kill(pid_, SIGKILL);  // nothing, if it has exited
  waitpid(pid_, nullptr, 0);
  close_pipes();
}

bool CompositorProcess::send(std::string_view command) {
  if (commands_ < 0) return false;
  const std::string line = std::string(command) + "\n";
  return ::send(commands_, line.data(), line.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(line.size());
}

void CompositorProcess::kill() {
  if (pid_ < 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  close_pipes();
}

void CompositorProcess::close_pipes() {
  if (commands_ >= 0) ::close(commands_);
  if (output_ >= 0) ::close(output_);
  commands_ = output_ = -1;
}

}  // namespace screentime::testing
