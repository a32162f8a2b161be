#include "tests/integration/script_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace screentime::testing {

ScriptProcess::ScriptProcess(std::vector<std::string> arguments) {
  const char* python = std::getenv("SCREENTIME_TESTENV_PYTHON");
  arguments.insert(arguments.begin(), python != nullptr ? python : "python3");
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
}

void ScriptProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace screentime::testing
