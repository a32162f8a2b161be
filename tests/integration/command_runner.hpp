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

}  // namespace screentime::testing
