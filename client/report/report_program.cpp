#include "client/report/report_program.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <vector>

#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
namespace fs = std::filesystem;

fs::path report_program() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path beside = self.parent_path() / "screentime-report";
    if (::access(beside.c_str(), X_OK) == 0) return beside;
  }
  return fs::path(SCREENTIME_LIBEXECDIR) / "screentime-report";
}

// Writes all of `text` to `fd`; false when the reader went away.
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

}  // namespace

int draw_report(const std::string& replies, const fs::path& file, const std::string& theme,
                char** environment) {
  const fs::path program = report_program();
  std::array<int, 2> pipe_ends{};
  if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
    std::cerr << "screentimectl: " << tr("cannot start the report's drawing program") << "\n";
    return 1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[0], STDIN_FILENO);
  std::vector<std::string> words = {program.string(), "--output", file.string(), "--theme", theme};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environment);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[0]);
  if (spawned != 0) {
    ::close(pipe_ends[1]);
    std::cerr << "screentimectl: "
              << format_tr(tr("cannot run \"{}\": {}"), program.string(), std::strerror(spawned))
              << "\n";
    return 1;
  }
  // A drawing program that stops reading must not end this one with SIGPIPE.
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  write_all(pipe_ends[1], replies);
  ::close(pipe_ends[1]);
  std::signal(SIGPIPE, previous);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

}  // namespace screentime::client
