#pragma once
// The process that runs a parent's configured command for the system role, as an
// unprivileged user and without a shell:
//   screentimed --run-as UID PROGRAM [ARGUMENT...]
// It becomes the user for good (become_user), then executes PROGRAM (an absolute path) with
// the arguments as given and an empty environment. An alarm set before the exec ends the
// command after a minute, so a hung one does not linger. Exit 64 on bad arguments, 1 when the
// user cannot be taken or the program cannot be run (said on stderr).

#include <string>
#include <vector>

#include "daemon/core/interval.hpp"

namespace screentime::adapters {

inline constexpr const char* kRunAsMode = "--run-as";

std::vector<std::string> run_as_arguments(core::UserId user,
                                          const std::vector<std::string>& command);

// `arguments` are those after the mode. Returns only when the command could not be run.
int run_as_helper(const std::vector<std::string>& arguments);

}  // namespace screentime::adapters
