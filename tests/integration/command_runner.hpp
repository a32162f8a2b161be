#pragma once
// Runs a command to completion and captures what it prints, for driving screentimectl and
// the test session's helpers (testenv-logind ...).

#include <string>
#include <vector>

namespace screentime::testing {

struct CommandResult {
  int exit_status = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

CommandResult run_command(const std::vector<std::string>& arguments, const std::string& input = "");

// A shell command line (the test session's helpers: testenv-logind lock, ...): true when it
// exited 0.
bool run_shell(const std::string& command);
// What a shell command line printed on standard output, whether or not it succeeded.
std::string shell_output(const std::string& command);

}  // namespace screentime::testing
