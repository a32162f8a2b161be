#pragma once
// ScriptProcess: a test peer written in Python (a service that never answers, a compositor
// that never answers) run as a child of the test, ended with SIGTERM and reaped when the test
// is done with it. The test's thread only.

#include <sys/types.h>

#include <string>
#include <vector>

namespace screentime::testing {

class ScriptProcess {
 public:
  // Runs `arguments` (the script's path first) with $SCREENTIME_TESTENV_PYTHON, else python3.
  explicit ScriptProcess(std::vector<std::string> arguments);
  ~ScriptProcess() { stop(); }
  ScriptProcess(const ScriptProcess&) = delete;
  ScriptProcess& operator=(const ScriptProcess&) = delete;

  // SIGTERM, and waits for it to exit.
  void stop();

 private:
  pid_t pid_ = -1;
};

}  // namespace screentime::testing
