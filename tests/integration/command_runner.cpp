#include "tests/integration/command_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace screentime::testing {

CommandResult run_command(const std::vector<std::string>& arguments, const std::string& input) {
  int out[2], err[2], in[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(in, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (!input.empty()) {
    [[maybe_unused]] const auto written = write(in[1], input.data(), input.size());
  }
  close(in[1]);
  CommandResult result;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_count = 2;
  while (open_count > 0 && poll(fds, 2, -1) > 0) {
    for (auto& fd : fds) {
      if (fd.fd < 0 || !(fd.revents & (POLLIN | POLLHUP))) continue;
      char buffer[4096];
      const ssize_t length = read(fd.fd, buffer, sizeof buffer);
      if (length <= 0) {
        close(fd.fd);
        fd.fd = -1;
        --open_count;
        continue;
      }
      (fd.fd == out[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(length));
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool run_shell(const std::string& command) {
  return run_command({"sh", "-c", command}).exit_status == 0;
}

std::string shell_output(const std::string& command) {
  return run_command({"sh", "-c", command}).out;
}

}  // namespace screentime::testing
